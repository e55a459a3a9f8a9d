"""The home page shows the featured petition with its progress, at no extra query once cached."""

from petitions import services
from tests.petitions.factories import PetitionFactory, SignatureFactory


def test_home_page_shows_the_featured_petition(anonymous, db):
    petition = PetitionFactory(
        title="Keep the jobs here", summary="Sign for US call centers.", goal=50, is_featured=True
    )
    SignatureFactory.create_batch(3, petition=petition)
    services.petition_recount(petition=petition)
    html = anonymous.get("/").content.decode()
    assert "Keep the jobs here" in html
    assert "Sign for US call centers." in html
    assert f'href="{petition.get_absolute_url()}"' in html
    assert "<strong>3</strong>" in html


def test_featured_petition_is_cached_and_follows_edits(db, django_assert_num_queries):
    assert services.featured_petition() is None
    with django_assert_num_queries(0):
        assert services.featured_petition() is None
    petition = PetitionFactory(title="First title", is_featured=True)
    assert services.featured_petition().title == "First title"
    with django_assert_num_queries(0):
        assert services.featured_petition().count == 0
    petition.title = "Edited title"
    petition.save()
    assert services.featured_petition().title == "Edited title"
    petition.status = "closed"
    petition.save()
    assert services.featured_petition() is None


def test_home_page_without_a_featured_petition_leaves_the_block_out(anonymous, db):
    PetitionFactory(is_featured=False)
    assert "home-petition" not in anonymous.get("/").content.decode()
