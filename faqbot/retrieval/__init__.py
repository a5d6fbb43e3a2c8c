"""Finding passages: the BM25 index, its reference formula, ranking."""
