"""Command line: `reviewer check`, `rules`, `classify`, `train`, `evaluate`, `batch`, `report`.

Heavy modules (jieba, spaCy, OpenCC, scikit-learn) are imported inside the commands, so that
`reviewer --help` answers at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

EXIT_CLEAN, EXIT_FLAGS, EXIT_ERROR = 0, 1, 2


ARGPARSE_MESSAGES = {
    "the following arguments are required": "缺少必需的参数",
    "unrecognized arguments": "无法识别的参数",
    "invalid choice": "无效的取值",
    "expected one argument": "需要一个值",
    "invalid int value": "不是整数",
    "choose from": "可选",
}


class ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """argparse with its help and usage errors in Chinese (exit status 2, as for any error)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", ChineseHelp)
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message):
        for english, chinese in ARGPARSE_MESSAGES.items():
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        sys.stderr.write(f"reviewer：参数错误：{message}\n")
        sys.exit(EXIT_ERROR)


def parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"日期“{value}”无效，请使用 YYYY-MM-DD 格式，例如 2026-11-20") from None


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="reviewer", description="政务信息稿件审读工具：分类并按 精·真·新·严 标注问题。")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    check = sub.add_parser("check", help="审读稿件（首行为标题，其余为正文；- 表示标准输入）")
    check.add_argument("files", nargs="+", metavar="FILE", help="稿件文件：.txt（UTF-8/GBK/UTF-16）或 .docx")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    check.add_argument("--date", help="报送日期 YYYY-MM-DD，判断时效的基准（默认今天）")
    check.add_argument("--archive", action="append", default=[], metavar="PATH",
                       help="已报送稿件（batch 结果文件、JSONL/CSV 归档或 Web 数据库），与之重复的稿件标为 新/repeated")
    sub.add_parser("rules", help="列出全部规则：维度、级别、来源和示例")
    classify = sub.add_parser("classify", help="只判断稿件类别（动态/经验/问题/预警），不做规则审读")
    classify.add_argument("files", nargs="+", metavar="FILE")
    classify.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_parser("train", help="用 corpora/drafts 重新训练分类模型（固定随机种子，可复现）")
    sub.add_parser("evaluate", help="分类模型的 5 折交叉验证和测试集评估")
    add_batch_parsers(sub)
    serve = sub.add_parser("serve", help="启动网页界面和 API（自查、待审、统计）")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument("--db", default="data/reviewer.db", help="SQLite 数据库文件（默认 data/reviewer.db）")
    serve.add_argument("--demo", metavar="DIR", help="数据库为空时载入 DIR/*.txt 作为演示稿件")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.files, args.format, args.date, args.archive)
    if args.command == "rules":
        return run_rules()
    if args.command == "classify":
        return run_classify(args.files, args.format)
    if args.command == "train":
        return run_train()
    if args.command == "evaluate":
        return run_evaluate()
    if args.command == "batch":
        return run_batch(args)
    if args.command == "report":
        return run_report(args)
    if args.command == "serve":
        return run_serve(args.host, args.port, args.db, args.demo)
    parser.print_help()
    return EXIT_CLEAN


def run_check(files: list[str], fmt: str, date_arg: str | None, archives: list[str] | None = None) -> int:
    try:
        date = parse_date(date_arg)
    except ValueError as e:
        sys.stderr.write(f"reviewer：{e}\n")
        return EXIT_ERROR
    from reviewer.document import InputError, read_path
    from reviewer.pipeline import review

    classify = load_classifier()
    index = load_archive(archives) if archives else None
    if archives and index is None:
        return EXIT_ERROR
    results, status = [], EXIT_CLEAN
    for path in files:
        try:
            source = read_path(path)
            result = review(source.text, date, classify)
            if index is not None:
                from reviewer import novelty

                novelty.compare(result, index, date, path)
        except InputError as e:
            sys.stderr.write(f"reviewer：{path}：{e}\n")
            results.append({"file": path, "error": str(e), "category": None, "flags": []})
            status = EXIT_ERROR
            continue
        for note in source.notes + result.notes:
            sys.stderr.write(f"reviewer：{path}：{note}\n")
        results.append(result.to_dict(path))
        if result.flags and status == EXIT_CLEAN:
            status = EXIT_FLAGS
        if fmt == "text":
            sys.stdout.write(format_text(path, result))
    if fmt == "json":
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return status


def load_classifier():
    """The category model's `classify` hook, or None (with a Chinese note) when it cannot load:
    the rule checks still run."""
    from classifiers.model import ModelError, classify, default_model

    try:
        default_model()
    except ModelError as e:
        sys.stderr.write(f"reviewer：{e}；本次不输出类别\n")
        return None
    return classify


def run_classify(files: list[str], fmt: str) -> int:
    from classifiers.features import encode
    from classifiers.model import ModelError, default_model
    from reviewer.document import Document, InputError, read_path

    try:
        model = default_model()
    except ModelError as e:
        sys.stderr.write(f"reviewer：{e}\n")
        return EXIT_ERROR
    results, status = [], EXIT_CLEAN
    for path in files:
        try:
            category = model.predict(encode(Document(read_path(path).text, with_spacy=False)))
        except InputError as e:
            sys.stderr.write(f"reviewer：{path}：{e}\n")
            results.append({"file": path, "error": str(e), "category": None})
            status = EXIT_ERROR
            continue
        results.append({"file": path, "category": category})
        if fmt == "text":
            print(path + _category_text(category) + "\t依据：" + "、".join(category["evidence"]))
    if fmt == "json":
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return status


def run_train() -> int:
    from classifiers.train import train

    card = train()
    print(json.dumps(card, ensure_ascii=False, indent=2))
    return EXIT_CLEAN


def run_evaluate() -> int:
    from classifiers.train import evaluate

    print(evaluate())
    return EXIT_CLEAN


def format_text(path: str, result) -> str:
    from reviewer.flag import DIMENSION_NAMES, SEVERITY_NAMES

    lines = [path + _category_text(result.category)]
    for f in result.flags:
        line, col = _line_col(result.text, f.start)
        hint = f"（建议：{f.suggestion}）" if f.suggestion else ""
        lines.append(f"  {line}:{col}\t{SEVERITY_NAMES[f.severity]}\t{DIMENSION_NAMES[f.dimension]}/{f.rule}"
                     f"\t“{f.text}”\t{f.message}{hint}")
    if not result.flags:
        lines.append("  未发现问题")
    return "\n".join(lines) + "\n"


def _category_text(category: dict | None) -> str:
    if not category:
        return ""
    from reviewer.labels import LABEL_NAMES

    mark = "，需人工确认" if category.get("uncertain") else ""
    return f"  [{LABEL_NAMES.get(category['label'], category['label'])} {category['confidence']:.2f}{mark}]"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def run_rules() -> int:
    from reviewer.checks import listed_rules
    from reviewer.flag import DIMENSION_NAMES, SEVERITY_NAMES

    for r in listed_rules():
        print(f"{r.id}\t{r.dimension}（{DIMENSION_NAMES[r.dimension]}）\t{SEVERITY_NAMES[r.severity]}\t{r.brief}")
        print(f"    来源：{r.source}")
        print(f"    示例：{r.example}")
    return EXIT_CLEAN


def run_serve(host: str, port: int, db: str, demo: str | None) -> int:
    from pathlib import Path

    import uvicorn

    from web.app import create_app
    from web.settings import Settings

    settings = Settings(db_path=Path(db), demo_dir=Path(demo) if demo else None)
    shown = f"[{host}]" if ":" in host else host
    print(f"审读工具网页：http://{shown}:{port}/  （数据库 {db}，按 Ctrl+C 停止）", flush=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    return EXIT_CLEAN


def load_archive(paths: list[str]):
    """The novelty index of the archives, or None (with a Chinese message) when one cannot be read."""
    from reviewer.archive import ArchiveError, load

    try:
        return load(paths)
    except ArchiveError as e:
        sys.stderr.write(f"reviewer：{e}\n")
        return None


def add_batch_parsers(sub) -> None:
    batch = sub.add_parser("batch", help="批量审读整个归档：多进程、可中断续跑，每篇稿件一条记录")
    batch.add_argument("inputs", nargs="+", metavar="INPUT", help="目录（递归读取 .txt/.docx）、JSONL、CSV 或 .zip")
    batch.add_argument("--out", required=True, help="结果文件（.jsonl 或 .csv）；已存在时从中断处继续")
    batch.add_argument("--format", choices=("jsonl", "csv"), help="结果格式（默认按 --out 的扩展名）")
    batch.add_argument("--jobs", type=int, help="并行进程数（默认：全部 CPU 核）")
    batch.add_argument("--date", help="稿件自身没有日期时判断时效的基准 YYYY-MM-DD（默认今天）")
    batch.add_argument("--archive", action="append", default=[], metavar="PATH",
                       help="已报送稿件（结果文件、JSONL/CSV 归档或 Web 数据库），与之重复的稿件标为 新/repeated")
    batch.add_argument("--dask", metavar="ADDRESS", help="在 Dask 集群上审读：调度器地址，如 tcp://127.0.0.1:8786")
    report = sub.add_parser("report", help="由 batch 结果生成 HTML 报告（图表）和逐篇 CSV")
    report.add_argument("results", metavar="RESULTS", help="reviewer batch 的结果文件")
    report.add_argument("--html", help="HTML 报告（单文件，离线可打开）")
    report.add_argument("--csv", help="逐篇表格（UTF-8 CSV，可用 Excel 打开）")


def run_batch(args) -> int:
    try:
        date = parse_date(args.date) if args.date else None
    except ValueError as e:
        sys.stderr.write(f"reviewer：{e}\n")
        return EXIT_ERROR
    if args.jobs is not None and args.jobs < 1:
        sys.stderr.write("reviewer：--jobs 至少为 1\n")
        return EXIT_ERROR
    from reviewer.batch import BatchError, dask_submit, run
    from reviewer.stats import summary

    try:
        submit, jobs = dask_submit(args.dask) if args.dask else (None, args.jobs)
        stats = run(args.inputs, args.out, fmt=args.format, jobs=jobs, date=date, archives=args.archive,
                    classify=load_classifier(), submit=submit)
    except BatchError as e:
        sys.stderr.write(f"reviewer：{e}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("\nreviewer：已中断。再次运行同一命令即可从中断处继续\n")
        return 130
    sys.stdout.write(summary(stats, args.out))
    return EXIT_ERROR if stats.errors else EXIT_FLAGS if stats.flagged else EXIT_CLEAN


def run_report(args) -> int:
    if not (args.html or args.csv):
        sys.stderr.write("reviewer：请指定 --html 或 --csv（或两者）\n")
        return EXIT_ERROR
    from reviewer.report import ReportError, write

    try:
        write(args.results, html_path=args.html, csv_path=args.csv)
    except ReportError as e:
        sys.stderr.write(f"reviewer：{e}\n")
        return EXIT_ERROR
    for path in (args.html, args.csv):
        if path:
            sys.stderr.write(f"reviewer：已生成 {path}\n")
    return EXIT_CLEAN


def entry() -> None:
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_CLEAN)


if __name__ == "__main__":
    entry()
