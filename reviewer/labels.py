"""The four categories of an information draft (GUIDANCE §2)."""

LABELS = ("dynamic", "experience", "problem", "early_warning")
LABEL_NAMES = {"dynamic": "动态类", "experience": "经验类", "problem": "问题类", "early_warning": "预警类"}
LABEL_COLOURS = {"dynamic": "#4e79a7", "experience": "#59a14f", "problem": "#e15759", "early_warning": "#f28e2b"}
NO_LABEL_COLOUR = "#bab0ac"
BAD_NEWS = ("problem", "early_warning")  # 喜忧兼报: drafts that report problems or warnings
