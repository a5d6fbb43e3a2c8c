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


class InvalidFeedback(FAQBotError):
    """Feedback with a wrong type or shape (answer_id not an id, helpful not true/false, ...)."""

    code = "invalid_feedback"


class CommentTooLong(InvalidFeedback):
    """A feedback comment over the length limit."""

    code = "comment_too_long"


class UnknownAnswer(FAQBotError):
    """Feedback naming an answer id the store does not hold (never served, or purged)."""

    code = "unknown_answer"


class StorageConfigError(FAQBotError):
    """A database URL or storage setting that cannot be used."""

    code = "bad_storage_setting"
