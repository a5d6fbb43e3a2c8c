"""Reading guides: guide files -> passages, libraries of guides, index files, guide lint."""
