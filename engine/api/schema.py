"""How the OpenAPI schema describes our authentication classes."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "engine.api.authentication.BearerTokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "access or personal token"}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "engine.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-Api-Key"}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "engine.api.authentication.CsrfSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["type", "title", "status", "detail"],
}
ERROR_STATUSES = {
    "400": "请求有误 Bad request",
    "401": "需要登录 Authentication required",
    "403": "没有权限 Forbidden",
    "404": "未找到 Not found",
    "405": "不支持的方法 Method not allowed",
    "406": "不支持的格式 Not acceptable",
    "409": "与当前状态冲突 Conflict",
    "415": "不支持的内容类型 Unsupported media type",
    "422": "数据未通过校验 Validation failed",
    "429": "请求过于频繁 Too many requests",
}


def add_problem_responses(result, generator, request, public):
    """Every operation may answer with a problem (application/problem+json):
    declared once here instead of on each view."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/problem+json": {"schema": ref}}},
                )
    return result
