"""Form specs for the tests: one field of every type, and a small wizard."""

ALL_TYPES = {
    "key": "all_types",
    "title": {"zh": "全部字段", "en": "All field types"},
    "steps": [
        {
            "id": "one",
            "title": "第一页",
            "fields": [
                {
                    "name": "name",
                    "type": "text",
                    "label": {"zh": "姓名", "en": "Name"},
                    "min_length": 2,
                    "max_length": 4,
                },
                {
                    "name": "code",
                    "type": "text",
                    "label": "代码",
                    "pattern": "[A-Z]{3}",
                    "pattern_message": "须为三个大写字母",
                },
                {"name": "story", "type": "textarea", "label": "说明", "max_length": 10},
                {"name": "people", "type": "integer", "label": "人数", "min": 1, "max": 12},
                {"name": "rate", "type": "decimal", "label": "比例", "min": 0, "max": 1},
                {"name": "amount", "type": "money", "label": "金额", "min": 0, "max": 50000},
                {"name": "start_date", "type": "date", "label": "开始日期", "min": "2000-01-01"},
                {"name": "end_date", "type": "date", "label": "结束日期"},
                {
                    "name": "cause",
                    "type": "choice",
                    "widget": "radio",
                    "label": "原因",
                    "options": [
                        {"value": "illness", "label": {"zh": "因病", "en": "Illness"}},
                        {"value": "accident", "label": "意外"},
                    ],
                },
                {"name": "tier", "type": "choice", "label": "档次", "options_from": "aid_tiers"},
                {
                    "name": "needs",
                    "type": "multichoice",
                    "label": "需求",
                    "options": ["training", "legal", "jobs"],
                    "max": 2,
                },
                {"name": "member", "type": "boolean", "label": "会员"},
                {"name": "consent", "type": "boolean", "widget": "checkbox", "label": "同意"},
                {"name": "mobile", "type": "mobile", "label": "手机号"},
                {"name": "id_number", "type": "id_number", "label": "身份证号"},
                {"name": "card", "type": "bank_card", "label": "银行卡号"},
                {"name": "email", "type": "email", "label": "邮箱"},
                {
                    "name": "proof",
                    "type": "file",
                    "label": "证明",
                    "accept": ["pdf", "png"],
                    "max_size": "1KB",
                },
                {
                    "name": "household",
                    "type": "table",
                    "label": "家庭成员",
                    "min_rows": 1,
                    "max_rows": 3,
                    "columns": [
                        {"name": "relation", "type": "text", "label": "关系", "required": True},
                        {"name": "age", "type": "integer", "label": "年龄", "min": 0, "max": 120},
                        {"name": "monthly_income", "type": "money", "label": "月收入"},
                    ],
                },
                {
                    "name": "household_income",
                    "type": "computed",
                    "label": "家庭月收入",
                    "expr": "sum_of(household, 'monthly_income')",
                },
                {
                    "name": "per_capita",
                    "type": "computed",
                    "label": "人均",
                    "expr": "money(household_income / max(count(household), 1))",
                },
            ],
        }
    ],
    "rules": [{"check": "end_date > start_date", "field": "end_date", "message": "结束日期须晚于开始日期"}],
}

CONDITIONAL = {
    "key": "conditional",
    "steps": [
        {
            "id": "hardship",
            "title": "困难情况",
            "fields": [
                {
                    "name": "hardship_cause",
                    "type": "choice",
                    "label": "致困原因",
                    "required": True,
                    "options": [
                        {"value": "illness", "label": "因病"},
                        {"value": "accident", "label": "意外"},
                    ],
                },
                {
                    "name": "medical_bills",
                    "type": "money",
                    "label": "医疗费用",
                    "required": True,
                    "visible_if": "hardship_cause == 'illness'",
                },
                {
                    "name": "bills_reimbursed",
                    "type": "boolean",
                    "label": "已报销",
                    "required": True,
                    "visible_if": "medical_bills > 1000",
                },
                {"name": "has_household", "type": "boolean", "label": "有家庭成员"},
            ],
        },
        {
            "id": "household",
            "title": "家庭成员",
            "visible_if": "has_household",
            "fields": [{"name": "members", "type": "integer", "label": "人数", "required": True}],
        },
    ],
}
