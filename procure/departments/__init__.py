"""The city's administrations and companies: the buyers officers belong to."""
