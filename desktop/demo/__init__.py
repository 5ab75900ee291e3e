"""Running the application without a Notify account: a stand-in for GOV.UK Notify on this computer."""
