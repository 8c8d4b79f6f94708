"""Helpers for need tests (the ``make_need`` factory lives in tests/conftest.py)."""
import re


def edit_form(client, reference, section):
    """The edit page's hidden version field, as a browser would send it back."""
    html = client.get(f"/needs/{reference}/edit/{section}").get_data(as_text=True)
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', html)
    assert version, "no version field on the edit page"
    return {"lock_version": version.group(1)}
