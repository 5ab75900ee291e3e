"""Practice Messaging: plan, cost and release outbound SMS campaigns for a GP practice."""

__version__ = "0.1.0"
APP_NAME = "Practice Messaging"
