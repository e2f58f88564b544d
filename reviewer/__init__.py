"""reviewer: NLP-assisted editorial review of Chinese government-affairs information drafts."""

__version__ = "0.1.0"
