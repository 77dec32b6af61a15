"""partyscreen: restricted-party and product screening for export-control and sanctions compliance."""

__version__ = "0.1.0"
