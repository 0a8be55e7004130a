import pytest

from engine.definitions.durations import Duration, parse_duration


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30 minutes", Duration(30, "minutes")),
        ("2 hours", Duration(2, "hours")),
        ("3 days", Duration(3, "days")),
        ("5 working days", Duration(5, "working_days")),
        ("1 working day", Duration(1, "working_days")),
        ("2 weeks", Duration(2, "weeks")),
        ("6 months", Duration(6, "months")),
        ("30 分钟", Duration(30, "minutes")),
        ("2 小时", Duration(2, "hours")),
        ("3 天", Duration(3, "days")),
        ("5 个工作日", Duration(5, "working_days")),
        ("5个工作日", Duration(5, "working_days")),
        ("2 周", Duration(2, "weeks")),
        ("6 个月", Duration(6, "months")),
        ("三十分钟", Duration(30, "minutes")),
    ],
)
def test_accepted_forms(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [("soon", "无法识别的时长"), ("5 fortnights", "无法识别的时间单位"), ("0 days", "大于 0"), (30, "文字")],
)
def test_rejected_with_chinese_message(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_duration(text)
