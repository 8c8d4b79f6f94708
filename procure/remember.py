"""A pure function's recent results, remembered (``functools.lru_cache``) for arguments
that can be hashed; arguments that cannot (a picture holding lists) are computed on
every call. Pure module: for functions whose result depends on their arguments alone,
and whose results are not changed by their callers."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")


def remember_recent(maxsize: int) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    def decorate(function: Callable[..., Result]) -> Callable[..., Result]:
        remembered = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(*args, **kwargs) -> Result:
            try:
                return remembered(*args, **kwargs)
            except TypeError:  # unhashable arguments
                return function(*args, **kwargs)

        return call

    return decorate
