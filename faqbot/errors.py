"""Errors the core raises for bad input; adapters turn them into exit codes or HTTP statuses."""


class FAQBotError(ValueError):
    """Base class: a problem with what the caller gave, with a message that names the fix."""

    code = "bad_request"


class CorpusError(FAQBotError):
    """A guide file that cannot be turned into passages."""

    code = "bad_corpus"


class InvalidQuestion(FAQBotError):
    """A question that cannot be answered as given (empty, not text)."""

    code = "invalid_message"


class QuestionTooLong(InvalidQuestion):
    """A question over the configured length limit."""

    code = "message_too_long"
