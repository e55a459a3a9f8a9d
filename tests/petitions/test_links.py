"""Links from petitions to the letter flow."""

from petitions import links


def test_write_link_is_the_letter_flow_with_the_zip():
    assert links.write_to_lawmakers_url(zip_code="43215") == "/write/?zip=43215"
    assert links.write_to_lawmakers_url() == "/write/"
