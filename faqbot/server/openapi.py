"""The OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json."""
from __future__ import annotations

from .. import __version__


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_document(max_question_chars: int) -> dict:
    """The API description; ``max_question_chars`` is the deployment's message limit."""
    answer = {
        "type": "object", "required": ["id", "type", "reply", "passage", "score", "disclaimer"],
        "properties": {
            "id": {"type": "string", "description": "This answer's id; feedback names it."},
            "type": {"type": "string", "enum": ["answer", "clarify", "no_answer", "urgent"]},
            "reply": {"type": "string", "description": "For an answer, the passage's own words."},
            "passage": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["id", "section", "text"],
                                                      "properties": {"id": {"type": "string"},
                                                                     "section": {"type": "string"},
                                                                     "text": {"type": "string"}}}]},
            "score": {"type": ["number", "null"]},
            "confidence": {"type": ["number", "null"]},
            "disclaimer": {"type": "string"},
            "related": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "section": {"type": "string"}}}},
            "resources": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"}, "action": {"type": "string"}, "href": {"type": "string"}}}},
            "notice": {"type": "string"},
            "reason": {"type": "string"},
            "suggestions": {"type": "array", "description": "A clarify's passages (did you mean...); else empty.",
                            "items": {"type": "object", "required": ["id", "section", "text"], "properties": {
                                "id": {"type": "string"}, "section": {"type": "string"}, "text": {"type": "string"}}}},
        },
    }
    error = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "faqbot", "version": __version__,
                 "description": "Answers patients' questions with the words of the clinic's guide."},
        "paths": {
            "/api/chat": {"post": {
                "summary": "Ask a question",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["message"],
                    "properties": {"message": {"type": "string", "minLength": 1, "maxLength": max_question_chars},
                                   "passage_id": {"type": "string", "description": "A clarify suggestion the patient "
                                                  "picked: that passage is the answer."}}}}}},
                "responses": {"200": {"description": "The answer object",
                                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}},
                              "400": _error("Not JSON, no message, or an empty or non-string message"),
                              "413": _error(f"Message over {max_question_chars} characters, or body too large"),
                              "429": _error("Rate limit exceeded; see Retry-After")}}},
            "/api/feedback": {"post": {
                "summary": "Say whether an answer helped",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["answer_id", "helpful"],
                    "properties": {"answer_id": {"type": "string"}, "helpful": {"type": "boolean"},
                                   "comment": {"type": ["string", "null"], "maxLength": 500}}}}}},
                "responses": {"201": {"description": "Stored"},
                              "400": _error("Not JSON, or a field of the wrong type"),
                              "404": _error("No answer has that id, or feedback is turned off"),
                              "413": _error("Comment over 500 characters"),
                              "429": _error("Rate limit exceeded; see Retry-After"),
                              "503": _error("The store is unavailable; try again (see Retry-After)")}}},
            "/healthz": {"get": {"summary": "Liveness and the guide's passage count",
                                 "responses": {"200": {"description": "ok"}}}},
        },
        "components": {"schemas": {"Answer": answer, "Error": error}},
    }
