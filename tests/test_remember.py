"""remember_recent: hashable arguments are computed once, others on every call."""
from procure.remember import remember_recent


def test_hashable_arguments_are_computed_once_and_the_others_every_time():
    calls = []

    @remember_recent(maxsize=2)
    def total(values, scale=1):
        calls.append(values)
        return sum(values) * scale

    assert total((1, 2)) == 3 and total((1, 2)) == 3
    assert total((1, 2), scale=2) == 6
    assert calls == [(1, 2), (1, 2)]  # the second: other keyword arguments
    assert total([1, 2]) == 3 and total([1, 2]) == 3  # a list cannot be hashed
    assert calls[2:] == [[1, 2], [1, 2]]
    total((3,)), total((4,)), total((1, 2))  # only the two most recent are kept
    assert calls[-1] == (1, 2)
