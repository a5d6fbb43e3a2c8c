"""What is kept: answers served, feedback, redaction, the staff report, storage backends."""
