"""Regenerate the bundled Chinese fonts in engine/documents/fonts/.

Documents must render Chinese on a fresh machine that has no CJK font, so the
project ships Noto Sans SC Regular and Bold (SIL OFL 1.1), cut down to the GBK
repertoire. GBK, not GB2312: GB2312 lacks name characters such as 喆 堃 昇 犇.

Source: Debian's fonts-noto-cjk package. If it is installed the script reads
/usr/share/fonts/opentype/noto; otherwise it fetches the .deb with
`apt-get download fonts-noto-cjk` and unpacks it in a temporary directory, so
the build machine's fontconfig is left untouched. The OFL text is copied from
the package's copyright file.

    .venv/bin/python scripts/build_fonts.py [--source DIR] [--out DIR]
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "engine" / "documents" / "fonts"
SYSTEM_DIR = Path("/usr/share/fonts/opentype/noto")
DEBIAN_COPYRIGHT = "usr/share/doc/fonts-noto-cjk/copyright"
FAMILY = "Noto Sans SC"
WEIGHTS = ("Regular", "Bold")


def gbk_repertoire() -> set[int]:
    """Every code point GBK can encode: decode each two-byte sequence."""
    chars = set(range(0x20, 0x7F))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                text = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    # Latin-1 and common typographic marks, useful in addresses and amounts.
    chars.update(range(0xA0, 0x100))
    chars.update(ord(c) for c in "¥€•–—‘’“”…№℃")
    return chars


def fetch_debian_package(workdir: Path) -> Path:
    subprocess.run(["apt-get", "download", "fonts-noto-cjk"], cwd=workdir, check=True)
    deb = next(workdir.glob("fonts-noto-cjk_*.deb"))
    unpacked = workdir / "pkg"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    return unpacked


def locate_sources(source: Path | None, workdir: Path) -> tuple[Path, Path | None]:
    """Return (directory holding NotoSansCJK-*.ttc, root of the unpacked package or None)."""
    if source:
        return source, None
    if (SYSTEM_DIR / "NotoSansCJK-Regular.ttc").exists():
        return SYSTEM_DIR, Path("/")
    root = fetch_debian_package(workdir)
    return root / "usr/share/fonts/opentype/noto", root


def pick_sc_face(ttc_path: Path):
    """The collection holds JP, KR, SC, TC, HK (and Mono) faces: take Sans SC."""
    for font in TTCollection(str(ttc_path)).fonts:
        family = font["name"].getDebugName(1) or ""
        if family.startswith("Noto Sans CJK SC"):
            return font
    raise SystemExit(f"no Noto Sans CJK SC face in {ttc_path}")


def rename(font, weight: str) -> None:
    """Name the cut font Noto Sans SC, as Google names its own SC subsets."""
    names = {
        1: FAMILY if weight == "Regular" else f"{FAMILY} {weight}",
        2: "Regular" if weight == "Regular" else weight,
        3: f"NotoSansSC-{weight};GBK subset",
        4: f"{FAMILY} {weight}",
        6: f"NotoSansSC-{weight}",
        16: FAMILY,
        17: weight,
    }
    table = font["name"]
    table.names = [rec for rec in table.names if rec.nameID not in names]
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [f"NotoSansSC-{weight}"]


# Features a horizontal document can trigger (Pango's defaults); the vertical
# ones are cut (see cut()).
HORIZONTAL_FEATURES = {"ccmp", "liga", "calt", "rlig", "locl"}
VERTICAL_FEATURES = {"valt", "vchw", "vert", "vhal", "vjmo", "vkrn", "vpal", "vrt2"}


def use_rank(code_point: int) -> tuple[int, int]:
    """How early a character's glyph should come: ASCII, then punctuation and
    GB2312 symbols, then the 3,755 hanzi of GB2312 level 1 (most running
    text), level 2, and the rest of GBK (rare name characters) last."""
    if 0x20 <= code_point < 0x7F:
        return (0, code_point)
    if 0xA0 <= code_point <= 0xFF or 0x2000 <= code_point <= 0x206F or 0x3000 <= code_point <= 0x303F:
        return (1, code_point)
    if 0xFF00 <= code_point <= 0xFFEF:
        return (1, code_point)
    try:
        encoded = chr(code_point).encode("gb2312")
    except UnicodeEncodeError:
        return (4, code_point)
    code = encoded[0] << 8 | encoded[1]
    if code < 0xB0A1:
        return (1, code)
    return (2, code) if code < 0xD8A1 else (3, code)


def order_glyphs_by_use(font) -> None:
    """Renumber the glyphs so that the ones Chinese documents use most come first.

    WeasyPrint subsets with retained glyph ids and keeps every glyph up to the
    highest id used, so a document that uses the full-width comma (last in
    Noto's order) embedded all ~22,000 glyph slots: ~300 KB per face, and
    ~60 ms per render to subset and compress. Ordered by use, a typical
    document stops at a few thousand. The glyphs themselves do not change.
    """
    order = font.getGlyphOrder()
    rank = {}
    for code_point, glyph in font.getBestCmap().items():
        rank[glyph] = min(rank.get(glyph, (9, 0)), use_rank(code_point))
    # Ligatures and forms that horizontal text can produce (—— in ccmp,
    # fi/fl in liga) rank with the glyphs they are made from.
    gsub = font["GSUB"].table if "GSUB" in font else None
    if gsub:
        lookups = {
            index
            for record in gsub.FeatureList.FeatureRecord
            if record.FeatureTag in HORIZONTAL_FEATURES
            for index in record.Feature.LookupListIndex
        }
        for index in sorted(lookups):
            for table in gsub.LookupList.Lookup[index].SubTable:
                table = getattr(table, "ExtSubTable", table)
                pairs = []
                if hasattr(table, "mapping"):
                    pairs = [([source], target) for source, target in table.mapping.items()]
                elif hasattr(table, "ligatures"):
                    pairs = [
                        ([first, *lig.Component], lig.LigGlyph)
                        for first, ligs in table.ligatures.items()
                        for lig in ligs
                    ]
                for sources, target in pairs:
                    tier = max(rank.get(glyph, (9, 0))[0] for glyph in sources)
                    if tier < 9 and target not in rank:
                        rank[target] = (tier, 0)
    position = {glyph: index for index, glyph in enumerate(order)}
    new_order = [order[0]] + sorted(order[1:], key=lambda glyph: (rank.get(glyph, (9, 0)), position[glyph]))
    top = font["CFF "].cff.topDictIndex[0]
    fd_of = {glyph: top.FDSelect[index] for index, glyph in enumerate(order)}
    for glyph in order:
        top.CharStrings[glyph]  # load each charstring with its private dict, chosen by the old FDSelect
    font.reorderGlyphs(new_order)
    # fontTools reorders the charset and charstrings, not the CID font's
    # FDSelect (which private dict, hence which local subroutines, a glyph uses).
    top.FDSelect.gidArray = [fd_of[glyph] for glyph in new_order]
    # CID = glyph id: a PDF viewer finds a CFF CID font's glyph by CID through
    # the charset, and WeasyPrint writes glyph ids.
    index_of = top.CharStrings.charStrings
    cids = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, len(new_order))]
    top.CharStrings.charStrings = {cid: index_of[glyph] for cid, glyph in zip(cids, new_order, strict=True)}
    top.charset = cids
    # The outlines did not change; recalculating the bounds would look the
    # glyphs up in the CFF by their old names.
    font.recalcBBoxes = False


def cut(ttc_path: Path, weight: str, out_dir: Path, unicodes: set[int]) -> Path:
    font = pick_sc_face(ttc_path)
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14, 16, 17]
    options.notdef_outline = True
    # fontTools' default features (ccmp, kern, vert, palt...) minus locl: in
    # this SC face locl only swaps in Japanese, Korean and traditional forms
    # for other language tags, and keeping it almost doubles the glyph count
    # (39,847 -> 22,170 glyphs; 9.3 -> ~5 MB). Documents are lang="zh-CN".
    options.layout_features = [f for f in options.layout_features if f != "locl"]
    # No vertical text: WeasyPrint lays out horizontally only. The vertical
    # metrics (4 bytes per glyph slot, kept in every embedded subset) and the
    # vertical forms are dead weight in each PDF.
    options.layout_features = [f for f in options.layout_features if f not in VERTICAL_FEATURES]
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    options.hinting = False  # PDFs need no hinting; saves ~10%
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    order_glyphs_by_use(font)
    rename(font, weight)
    target = out_dir / f"NotoSansSC-{weight}.otf"
    font.save(str(target))
    return target


def write_licence(package_root: Path | None, out_dir: Path, copyright_line: str) -> None:
    """OFL 1.1 text from Debian's copyright file, with the font's own notice."""
    text = ""
    if package_root and (package_root / DEBIAN_COPYRIGHT).exists():
        raw = (package_root / DEBIAN_COPYRIGHT).read_text(encoding="utf-8")
        match = re.search(r"^License: SIL-1\.1\n((?: .*\n)+)", raw, re.MULTILINE)
        if match:
            lines = [line[1:] for line in match.group(1).splitlines()]
            text = "\n".join("" if line == "." else line for line in lines) + "\n"
    if not text:
        existing = out_dir / "OFL.txt"
        if existing.exists():
            return  # keep the committed text when building from a bare --source
        raise SystemExit("OFL text not found; run without --source to use the Debian package")
    header = (
        f"{copyright_line}\n\n"
        "The files NotoSansSC-Regular.otf and NotoSansSC-Bold.otf are a Modified Version\n"
        "of Noto Sans CJK SC (from Debian's fonts-noto-cjk), cut to the GBK character\n"
        "repertoire by scripts/build_fonts.py. This Font Software is licensed under the\n"
        "SIL Open Font License, Version 1.1.\n\n"
    )
    (out_dir / "OFL.txt").write_text(header + text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, help="directory with NotoSansCJK-Regular.ttc and -Bold.ttc")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    unicodes = gbk_repertoire()
    with tempfile.TemporaryDirectory() as tmp:
        font_dir, package_root = locate_sources(args.source, Path(tmp))
        for weight in WEIGHTS:
            ttc = font_dir / f"NotoSansCJK-{weight}.ttc"
            target = cut(ttc, weight, args.out, unicodes)
            print(f"{target}: {target.stat().st_size / 1e6:.1f} MB")
        notice = pick_sc_face(font_dir / "NotoSansCJK-Regular.ttc")["name"].getDebugName(0)
        write_licence(package_root, args.out, notice or "Copyright Google LLC / Adobe")
    print(f"{len(unicodes)} code points; fonts and OFL.txt in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
