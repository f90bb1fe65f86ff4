"""sl deputy duties --year: each deputy's yearly duties (履职要求), met or not, with the evidence."""


def duties() -> None:
    """代表年度履职要求完成情况。"""
