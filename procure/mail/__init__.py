"""Outgoing e-mail: the outbox every part of procure queues its mail in, and its sending."""
