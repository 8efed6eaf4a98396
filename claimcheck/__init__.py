"""claimcheck: a linter for claims in aesthetic-clinic and skincare marketing copy."""

__version__ = "0.1.0"
