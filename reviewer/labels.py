"""The four categories of an information draft (GUIDANCE §2)."""

LABELS = ("dynamic", "experience", "problem", "early_warning")
LABEL_NAMES = {"dynamic": "动态类", "experience": "经验类", "problem": "问题类", "early_warning": "预警类"}
