"""Understanding words: the analyzer, question concepts, lay terms, question-type cues, meaning models."""
