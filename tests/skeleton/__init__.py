"""A made-up format registered by a test, to prove that a format is one registered unit.

``skeleton: 1`` documents list endpoints and what each returns; removing one breaks clients,
adding one is safe. Its loader, comparison and rules live here and nowhere else.
"""
