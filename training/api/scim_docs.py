"""SCIM discovery (RFC 7643 5-7): what this service supports, its one resource type, its schemas."""

from flask import url_for

from training.api import scim

CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def _meta(kind: str, endpoint: str) -> dict:
    return {"resourceType": kind, "location": url_for(endpoint, _external=True)}


def service_provider_config() -> dict:
    return {
        "schemas": [CONFIG],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": scim.MAX_COUNT},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "API token",
                "description": "An API token made at /admin/tokens: scope read to read, write to change.",
                "primary": True,
            }
        ],
        "meta": _meta("ServiceProviderConfig", "scim.service_provider_config"),
    }


def resource_type() -> dict:
    return {
        "schemas": [RESOURCE_TYPE],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "schema": scim.USER,
        "schemaExtensions": [{"schema": scim.ENTERPRISE, "required": False}],
        "meta": _meta("ResourceType", "scim.resource_types"),
    }


def _attribute(name: str, kind: str = "string", **more) -> dict:
    base = {"name": name, "type": kind, "multiValued": False, "required": False, "caseExact": False}
    return base | {"mutability": "readWrite", "returned": "default", "uniqueness": "none"} | more


def schemas() -> list[dict]:
    name = ("formatted", "givenName", "familyName")
    user = [
        _attribute("userName", required=True, uniqueness="server", description="The email address."),
        _attribute("name", "complex", subAttributes=[_attribute(n) for n in name]),
        _attribute("displayName"),
        _attribute("active", "boolean"),
        _attribute(
            "emails", "complex", multiValued=True, mutability="readOnly", subAttributes=[_attribute("value")]
        ),
    ]
    meta = _meta("Schema", "scim.schemas")
    return [
        {"schemas": [SCHEMA], "id": scim.USER, "name": "User", "attributes": user, "meta": meta},
        {
            "schemas": [SCHEMA],
            "id": scim.ENTERPRISE,
            "name": "EnterpriseUser",
            "attributes": [_attribute("department")],
            "meta": meta,
        },
    ]


def listing(resources: list[dict]) -> dict:
    return {
        "schemas": [scim.LIST],
        "totalResults": len(resources),
        "startIndex": 1,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
