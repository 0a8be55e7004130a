"""`python manage.py workflows <validate|load|graph|tick|export>`.

validate checks process folders and prints `path:line:column: message (hint)`
per problem; it exits 1 when any folder has a problem. The other subcommands
hand over to engine.runtime, imported only when used so that validate works
without it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engine.definitions.bundle import DEFINITION_FILE, load_bundle, read_folder
from engine.definitions.checks.hidden import definition_warnings
from engine.definitions.problems import Problem


def process_folders(root) -> list[Path]:
    """Every folder directly under root that holds a definition.yaml."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / DEFINITION_FILE).is_file())


def _display(folder: Path) -> str:
    """The folder as the author would type it: relative when below cwd."""
    resolved, cwd = folder.resolve(), Path.cwd().resolve()
    return resolved.relative_to(cwd).as_posix() if resolved.is_relative_to(cwd) else folder.as_posix()


def _known_reference_lists(folder: Path, use_database: bool) -> set[str]:
    """Reference lists live as <root>/reference/<key>.yaml beside the process
    folders (calendar.yaml is the working-day calendar, not a list). With no
    such folder there are no lists, so every options_from is a problem: a
    skipped check passed forms whose choices were empty at run time."""
    directory = folder.resolve().parent / "reference"
    known = (
        {p.stem for p in directory.glob("*.yaml") if p.name != "calendar.yaml"}
        if directory.is_dir()
        else set()
    )
    if use_database:
        from engine.models import ReferenceList

        known = known | set(ReferenceList.objects.values_list("key", flat=True))
    return known


def _folder_problems(folder: Path, use_database: bool) -> list:
    """load_bundle turns everything inside validation into problems; reading
    the folder (permissions, a broken file system, a missing folder) is
    reported the same way, so the command never prints a traceback."""
    try:
        known = _known_reference_lists(folder, use_database)
        bundle, problems = load_bundle(read_folder(folder), _display(folder), known)
        return problems + definition_warnings(bundle, known)
    except Exception as exc:  # noqa: BLE001 - a line per folder, never a traceback
        where = f"{folder.as_posix().rstrip('/')}/{DEFINITION_FILE}"
        return [Problem(where, 1, 1, f"无法读取流程文件夹（{type(exc).__name__}）：{str(exc)[:120]}")]


class Command(BaseCommand):
    help = "Validate, load, draw, export process definitions and wake waiting cases."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser("validate", help="检查流程定义 / check process folders")
        validate.add_argument("paths", nargs="*", help="流程文件夹（默认：WORKFLOWS_DIR 下的全部）")
        validate.add_argument(
            "--reference-lists",
            action="store_true",
            help="options_from 也可以是数据库中已有的参考数据列表（默认只认 reference/*.yaml）",
        )
        sub.add_parser("load", help="把改动过的流程存为新版本 / store changed folders as new versions")
        graph = sub.add_parser("graph", help="画出流程图 / draw a process")
        graph.add_argument("key")
        graph.add_argument("--format", choices=["svg", "dot"], default="svg")
        graph.add_argument("-o", "--output", help="输出文件（默认打印到屏幕）")
        tick = sub.add_parser("tick", help="处理到期的等待和期限 / wake waits, run deadlines")
        tick.add_argument(
            "--now",
            help="按这个时间处理（ISO 格式，如 2025-06-01T09:00）/ run as if it were this time",
        )
        export = sub.add_parser("export", help="把已发布版本导出为文件夹 / export a version as a folder")
        export.add_argument("key")
        export.add_argument("-o", "--output", help="目标文件夹（默认：./<key>）")

    def handle(self, *args, **options):
        getattr(self, f"handle_{options['action']}")(options)

    def handle_validate(self, options):
        folders = [Path(p) for p in options["paths"]] or process_folders(settings.WORKFLOWS_DIR)
        count = 0
        for folder in folders:
            if folder.is_file():  # a definition.yaml given directly
                folder = folder.parent
            problems = _folder_problems(folder, options["reference_lists"])
            for problem in problems:
                self.stdout.write(str(problem))
            count += sum(problem.severity != "warning" for problem in problems)
        if not folders:
            raise CommandError(f"没有找到流程定义（{settings.WORKFLOWS_DIR}）")
        self.stdout.write(f"{len(folders)} 个流程定义，{count} 个错误")
        if count:
            raise CommandError("校验未通过")

    def handle_load(self, options):
        from engine.runtime.versions import versions_load

        versions_load(stdout=self.stdout)

    def handle_graph(self, options):
        from engine.runtime.graph import flow_graph

        text = flow_graph(options["key"], options["format"])
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)

    def handle_tick(self, options):
        from engine.runtime.deadlines import deadlines_tick

        deadlines_tick(stdout=self.stdout, now=_moment(options.get("now")))

    def handle_export(self, options):
        from engine.runtime.versions import version_export

        version_export(options["key"], Path(options["output"] or options["key"]))


def _moment(text):
    """`--now` as an aware datetime (local time when no offset is given)."""
    if not text:
        return None
    from django.utils import timezone
    from django.utils.dateparse import parse_date, parse_datetime

    try:
        moment = parse_datetime(text)
        day = parse_date(text) if moment is None else None
    except ValueError:
        moment = day = None
    if moment is None and day is None:
        raise CommandError(f"--now '{text}' 不是日期时间（例如 2025-06-01T09:00）")
    if moment is None:
        moment = timezone.datetime(day.year, day.month, day.day)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
