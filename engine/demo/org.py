"""The union hierarchy of the source page, plus a few enterprise unions and
partner bodies so every level a definition may name has a unit."""

from engine.models import OrgUnit

# (code, parent code, level, name, short name for official numbers, English name)
UNITS = [
    ("acftu", None, "national", "中华全国总工会", "全总", "All-China Federation of Trade Unions"),
    ("shandong", "acftu", "province", "山东省总工会", "鲁", "Shandong Federation of Trade Unions"),
    ("dezhou", "shandong", "city", "德州市总工会", "德", "Dezhou Federation of Trade Unions"),
    ("yucheng", "dezhou", "district", "禹城市总工会", "禹", "Yucheng Federation of Trade Unions"),
    (
        "yucheng-luyin-pm",
        "yucheng",
        "enterprise",
        "鲁银集团禹城粉末冶金制品有限公司工会",
        "鲁银",
        "Luyin Yucheng Powder Metallurgy Co. Trade Union",
    ),
    ("tianjin", "acftu", "city", "天津市总工会", "津", "Tianjin Federation of Trade Unions"),
    ("tianjin-hexi", "tianjin", "district", "天津市河西区总工会", "津西", "Hexi District Trade Union"),
    ("tianjin-nankai", "tianjin", "district", "天津市南开区总工会", "津南", "Nankai District Trade Union"),
    (
        "tianjin-eldercare",
        "tianjin",
        "partner",
        "天津市第一国办养老院（示例）",
        "养老",
        "Tianjin State-run Elderly Care Home No. 1 (sample)",
    ),
    ("hebei", "acftu", "province", "河北省总工会", "冀", "Hebei Federation of Trade Unions"),
    ("tangshan", "hebei", "city", "唐山市总工会", "唐", "Tangshan Federation of Trade Unions"),
    (
        "tangshan-machinery",
        "tangshan",
        "enterprise",
        "唐山示范机械制造有限公司工会（示例）",
        "唐机",
        "Tangshan Sample Machinery Co. Trade Union",
    ),
    (
        "tangshan-hrss",
        "tangshan",
        "partner",
        "唐山市人力资源和社会保障局",
        "唐人社",
        "Tangshan Human Resources and Social Security Bureau",
    ),
    ("beijing", "acftu", "city", "北京市总工会", "京", "Beijing Federation of Trade Unions"),
    ("chaoyang", "beijing", "district", "北京市朝阳区总工会", "朝", "Chaoyang District Trade Union"),
    (
        "chaoyang-tech",
        "chaoyang",
        "enterprise",
        "北京朝阳示范科技有限公司工会（示例）",
        "朝科",
        "Chaoyang Sample Technology Co. Trade Union",
    ),
    # Tangshan's 7 districts and 7 county-level cities/counties, coded as in
    # workflows/reference/large_enterprises.yaml (the coverage figure groups by
    # these codes). Last in the list so existing units keep their ids and paths.
    (
        "tangshan-lunan",
        "tangshan",
        "district",
        "唐山市路南区总工会",
        "路南",
        "Lunan District Trade Union, Tangshan",
    ),
    (
        "tangshan-lubei",
        "tangshan",
        "district",
        "唐山市路北区总工会",
        "路北",
        "Lubei District Trade Union, Tangshan",
    ),
    (
        "tangshan-guye",
        "tangshan",
        "district",
        "唐山市古冶区总工会",
        "古冶",
        "Guye District Trade Union, Tangshan",
    ),
    (
        "tangshan-kaiping",
        "tangshan",
        "district",
        "唐山市开平区总工会",
        "开平",
        "Kaiping District Trade Union, Tangshan",
    ),
    (
        "tangshan-fengnan",
        "tangshan",
        "district",
        "唐山市丰南区总工会",
        "丰南",
        "Fengnan District Trade Union, Tangshan",
    ),
    (
        "tangshan-fengrun",
        "tangshan",
        "district",
        "唐山市丰润区总工会",
        "丰润",
        "Fengrun District Trade Union, Tangshan",
    ),
    (
        "tangshan-caofeidian",
        "tangshan",
        "district",
        "唐山市曹妃甸区总工会",
        "曹妃甸",
        "Caofeidian District Trade Union, Tangshan",
    ),
    (
        "tangshan-luanzhou",
        "tangshan",
        "district",
        "滦州市总工会",
        "滦州",
        "Luanzhou Federation of Trade Unions",
    ),
    ("tangshan-zunhua", "tangshan", "district", "遵化市总工会", "遵化", "Zunhua Federation of Trade Unions"),
    (
        "tangshan-qian-an",
        "tangshan",
        "district",
        "迁安市总工会",
        "迁安",
        "Qian'an Federation of Trade Unions",
    ),
    (
        "tangshan-luannan",
        "tangshan",
        "district",
        "滦南县总工会",
        "滦南",
        "Luannan County Federation of Trade Unions",
    ),
    (
        "tangshan-laoting",
        "tangshan",
        "district",
        "乐亭县总工会",
        "乐亭",
        "Laoting County Federation of Trade Unions",
    ),
    (
        "tangshan-qianxi",
        "tangshan",
        "district",
        "迁西县总工会",
        "迁西",
        "Qianxi County Federation of Trade Unions",
    ),
    (
        "tangshan-yutian",
        "tangshan",
        "district",
        "玉田县总工会",
        "玉田",
        "Yutian County Federation of Trade Unions",
    ),
]


def demo_units_create() -> dict[str, OrgUnit]:
    """Create the units that are missing; never change existing ones."""
    units: dict[str, OrgUnit] = {}
    for code, parent, level, name, short_name, name_en in UNITS:
        units[code], _ = OrgUnit.objects.get_or_create(
            code=code,
            defaults={
                "parent": units.get(parent),
                "level": level,
                "name": name,
                "short_name": short_name,
                "name_en": name_en,
            },
        )
    return units
