"""Links from petitions to the letter flow follow the URL configuration."""

from unittest import mock

from petitions import links


def test_write_link_is_the_letter_flow_with_the_zip():
    assert links.write_to_lawmakers_url(zip_code="43215") == "/write/?zip=43215"
    assert links.write_to_lawmakers_url() == "/write/"


def test_write_link_follows_the_url_name_not_a_fixed_path():
    with mock.patch.object(links, "reverse", return_value="/letters/") as reverse:
        assert links.write_to_lawmakers_url(zip_code="45202") == "/letters/?zip=45202"
    reverse.assert_called_once_with("letters:write")
