"""faqbot: answers patients' questions with the words of a clinic's guide."""
from .bot import Answer, FAQBot
from .guide.corpus import Passage, load_passages
from .errors import CorpusError, FAQBotError, InvalidQuestion, QuestionTooLong
from .settings import Settings

__all__ = ["Answer", "CorpusError", "FAQBot", "FAQBotError", "InvalidQuestion", "Passage",
           "QuestionTooLong", "Settings", "load_passages"]
__version__ = "0.1.0"
