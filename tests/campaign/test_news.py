"""The news list, its filters, post pages, scheduled posts and draft previews."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from campaign.models import NewsPost, NewsStatus
from campaign.preview import preview_url
from tests.campaign.factories import NewsPostFactory, TopicFactory

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
NEWS = "/news/"


def _at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=EASTERN)


def _titles(response) -> list[str]:
    return [post.title for post in response.context["posts"]]


def test_news_list_shows_published_posts_newest_first(anonymous):
    NewsPostFactory(title="Older", published_at=_at(2017, 1, 27))
    NewsPostFactory(title="Newer", published_at=_at(2018, 5, 1))
    NewsPostFactory(title="Secret draft", status=NewsStatus.DRAFT)
    response = anonymous.get(NEWS)
    assert response.status_code == 200
    assert _titles(response) == ["Newer", "Older"]
    assert "Secret draft" not in response.content.decode()
    assert "2 posts found." in response.content.decode()


def test_news_list_without_posts_says_so(anonymous):
    response = anonymous.get(NEWS)
    assert response.status_code == 200
    assert "No news matches these filters" in response.content.decode()


def _warm(client, url: str) -> None:
    # The first request fills the navigation and banner caches that every page shares.
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [3, 25])
def test_news_list_queries_do_not_grow_with_posts(anonymous, django_assert_num_queries, count):
    topics = [TopicFactory(), TopicFactory()]
    for _ in range(count):
        NewsPostFactory(topics=topics)
    _warm(anonymous, NEWS)
    # count, the page of posts, their topics, the topic menu
    with django_assert_num_queries(4):
        response = anonymous.get(NEWS)
    assert len(response.context["posts"]) == min(count, 10)


def test_filtered_news_list_query_count_is_pinned(anonymous, django_assert_num_queries):
    topic = TopicFactory(slug="congress")
    for _ in range(12):
        NewsPostFactory(topics=[topic], title="Letter to the White House")
    _warm(anonymous, NEWS)
    url = f"{NEWS}?q=letter&topic=congress&published_from=2000-01-01&published_to=2100-01-01"
    # the topic lookup, count, the page of posts, their topics, the topic menu
    with django_assert_num_queries(5):
        response = anonymous.get(url + "&page=2")
    assert len(response.context["posts"]) == 2


def test_filter_by_topic(anonymous):
    congress = TopicFactory(slug="congress", name="Congress")
    jobs = TopicFactory(slug="jobs", name="Jobs")
    NewsPostFactory(title="Senators write", topics=[congress])
    NewsPostFactory(title="Jobs lost", topics=[jobs])
    NewsPostFactory(title="Both", topics=[congress, jobs])
    response = anonymous.get(NEWS, {"topic": "congress"})
    assert sorted(_titles(response)) == ["Both", "Senators write"]
    html = response.content.decode()
    assert "News: Congress" in html
    assert reverse("campaign:topic_feed", args=["congress"]) in html


def test_unknown_topic_is_explained_and_ignored(anonymous):
    NewsPostFactory(title="Anything")
    response = anonymous.get(NEWS, {"topic": "no-such-topic"})
    assert response.status_code == 200
    assert "We have no such topic" in response.content.decode()
    assert _titles(response) == ["Anything"]


def test_keyword_search_finds_title_summary_and_body(anonymous):
    NewsPostFactory(title="Data security at offshore call centers")
    NewsPostFactory(title="Quiet week", summary="Nothing about security here.")
    NewsPostFactory(title="Body only", body="Fraud and stolen **security** numbers.")
    NewsPostFactory(title="Unrelated", summary="Week of action", body="Boxes of materials.")
    response = anonymous.get(NEWS, {"q": "security"})
    titles = _titles(response)
    assert set(titles) == {"Data security at offshore call centers", "Quiet week", "Body only"}


def test_search_ranks_title_matches_first_on_postgres(anonymous, settings):
    if not settings.USING_POSTGRES:
        pytest.skip("ranking is PostgreSQL full-text search")
    NewsPostFactory(title="Weekly roundup", body="We also talked about offshoring.")
    NewsPostFactory(title="Offshoring costs jobs", published_at=_at(2013, 11, 14))
    response = anonymous.get(NEWS, {"q": "offshoring"})
    assert _titles(response) == ["Offshoring costs jobs", "Weekly roundup"]


def test_search_with_every_word_required(anonymous):
    NewsPostFactory(title="Senators letter on jobs")
    NewsPostFactory(title="Senators visit")
    response = anonymous.get(NEWS, {"q": "senators  letter"})
    assert _titles(response) == ["Senators letter on jobs"]


def test_search_with_no_match_says_so(anonymous):
    NewsPostFactory(title="Senators letter")
    response = anonymous.get(NEWS, {"q": "zebra"})
    assert _titles(response) == []
    assert "No news matches these filters" in response.content.decode()


def test_published_between_includes_both_whole_days(anonymous):
    NewsPostFactory(title="Day before", published_at=_at(2017, 1, 26, 23))
    NewsPostFactory(title="First day, early", published_at=_at(2017, 1, 27, 0))
    NewsPostFactory(title="Last day, late", published_at=_at(2018, 5, 1, 23))
    NewsPostFactory(title="Day after", published_at=_at(2018, 5, 2, 0))
    response = anonymous.get(NEWS, {"published_from": "2017-01-27", "published_to": "2018-05-01"})
    assert _titles(response) == ["Last day, late", "First day, early"]


def test_open_ended_date_ranges(anonymous):
    NewsPostFactory(title="2013", published_at=_at(2013, 11, 14))
    NewsPostFactory(title="2018", published_at=_at(2018, 5, 1))
    assert _titles(anonymous.get(NEWS, {"published_from": "2015-01-01"})) == ["2018"]
    assert _titles(anonymous.get(NEWS, {"published_to": "2015-01-01"})) == ["2013"]


def test_search_topic_and_dates_combine(anonymous):
    congress = TopicFactory(slug="congress")
    jobs = TopicFactory(slug="jobs")
    NewsPostFactory(title="Senators letter", topics=[congress], published_at=_at(2017, 1, 27))
    NewsPostFactory(title="Senators letter again", topics=[congress], published_at=_at(2018, 5, 1))
    NewsPostFactory(title="Senators letter on jobs", topics=[jobs], published_at=_at(2017, 2, 1))
    NewsPostFactory(title="Other news", topics=[congress], published_at=_at(2017, 3, 1))
    response = anonymous.get(
        NEWS,
        {
            "q": "letter",
            "topic": "congress",
            "published_from": "2017-01-01",
            "published_to": "2017-12-31",
        },
    )
    assert _titles(response) == ["Senators letter"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"published_from": "yesterday"}, "Enter the start date as YYYY-MM-DD"),
        ({"published_from": "2018-02-30"}, "Enter the start date as YYYY-MM-DD"),
        ({"published_to": "31/12/2018"}, "Enter the end date as YYYY-MM-DD"),
        ({"published_to": "9999-12-31"}, "Choose a date between 1990 and 2100"),
        ({"published_from": "0001-01-01"}, "Choose a date between 1990 and 2100"),
        ({"published_from": "2019-01-01", "published_to": "2017-01-01"}, "swap them"),
        ({"q": "x" * 101}, "Please use 100 characters or fewer"),
        ({"topic": "x" * 500}, "We have no such topic"),
        ({"topic": "<script>"}, "We have no such topic"),
        ({"topic": "con\x00gress"}, "Null characters are not allowed"),
        ({"q": "letter\x00"}, "Null characters are not allowed"),
        ({"published_from": "2017\x00-01-01"}, "Enter the start date as YYYY-MM-DD"),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(anonymous, params, message):
    NewsPostFactory(title="Still listed")
    response = anonymous.get(NEWS, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Some filters could not be used" in html
    assert "Still listed" in html
    assert "<script>" not in html.split("</header>", 1)[1]


def test_a_bad_filter_keeps_the_good_ones(anonymous):
    NewsPostFactory(title="Senators letter", published_at=_at(2017, 1, 27))
    NewsPostFactory(title="Jobs report", published_at=_at(2017, 1, 28))
    response = anonymous.get(NEWS, {"q": "letter", "published_from": "not-a-date"})
    assert _titles(response) == ["Senators letter"]
    assert "Enter the start date" in response.content.decode()


def test_empty_filters_are_fine(anonymous):
    NewsPostFactory(title="Listed")
    response = anonymous.get(
        NEWS, {"q": "  ", "topic": "", "published_from": "", "published_to": ""}
    )
    assert response.status_code == 200
    assert _titles(response) == ["Listed"]
    assert "Some filters could not be used" not in response.content.decode()


def test_pagination_keeps_the_filters(anonymous):
    topic = TopicFactory(slug="jobs")
    for day in range(1, 13):
        NewsPostFactory(topics=[topic], published_at=_at(2020, 1, day))
    response = anonymous.get(NEWS, {"topic": "jobs"})
    assert len(response.context["posts"]) == 10
    assert "?topic=jobs&amp;page=2" in response.content.decode()
    second = anonymous.get(NEWS, {"topic": "jobs", "page": "2"})
    assert len(second.context["posts"]) == 2
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(
    ("page", "expected_number", "message"),
    [
        ("abc", 1, "That page number was not valid"),
        ("", 1, "That page number was not valid"),
        ("0", 1, "That page number was not valid"),
        ("-3", 1, "That page number was not valid"),
        ("1.5", 1, "That page number was not valid"),
        ("99", 2, "There are only 2 pages, so here is the last one."),
        ("9" * 40, 2, "There are only 2 pages, so here is the last one."),
    ],
)
def test_bad_page_numbers_get_a_clear_message(anonymous, page, expected_number, message):
    for _ in range(12):
        NewsPostFactory()
    response = anonymous.get(NEWS, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected_number
    assert message in response.content.decode()


def test_news_list_answers_get_and_head_only(anonymous):
    assert anonymous.post(NEWS).status_code == 405
    assert anonymous.head(NEWS).status_code == 200


def test_scheduled_post_appears_at_its_time(anonymous):
    with time_machine.travel(_at(2026, 10, 1, 9), tick=False):
        post = NewsPostFactory(title="Week of action starts", published_at=_at(2026, 10, 1, 10))
        assert _titles(anonymous.get(NEWS)) == []
        assert anonymous.get(post.get_absolute_url()).status_code == 404
        assert not NewsPost.objects.published().exists()
    with time_machine.travel(_at(2026, 10, 1, 10), tick=False):
        assert _titles(anonymous.get(NEWS)) == ["Week of action starts"]
        assert anonymous.get(post.get_absolute_url()).status_code == 200


def test_post_page_shows_the_rendered_body_and_metadata(anonymous):
    topic = TopicFactory(name="Data security", slug="data-security")
    post = NewsPostFactory(
        title="Why data security matters",
        summary="Your details travel with the call.",
        body="## Fraud\n\nMore than **15,000** known victims.",
        topics=[topic],
    )
    response = anonymous.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Why data security matters</h1>" in html
    assert "<h2>Fraud</h2>" in html
    assert "<strong>15,000</strong>" in html
    assert "By Campaign staff" in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Why data security matters">' in html
    assert '<meta property="og:description" content="Your details travel with the call.">' in html
    assert '<meta name="twitter:card"' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{post.get_absolute_url()}">' in html
    assert 'href="/news/?topic=data-security"' in html
    assert 'name="zip"' in html


def test_post_page_shows_related_posts_by_shared_topics(anonymous):
    congress, jobs, other = TopicFactory(), TopicFactory(), TopicFactory()
    post = NewsPostFactory(title="Main", topics=[congress, jobs])
    NewsPostFactory(title="Shares two", topics=[congress, jobs], published_at=_at(2015, 1, 1))
    NewsPostFactory(title="Shares one", topics=[jobs])
    NewsPostFactory(title="Shares none", topics=[other])
    NewsPostFactory(title="Draft sharing", topics=[congress], status=NewsStatus.DRAFT)
    response = anonymous.get(post.get_absolute_url())
    assert [p.title for p in response.context["related"]] == ["Shares two", "Shares one"]


def test_post_page_query_count_is_pinned(anonymous, django_assert_num_queries):
    topics = [TopicFactory(), TopicFactory()]
    post = NewsPostFactory(topics=topics)
    for _ in range(5):
        NewsPostFactory(topics=topics)
    _warm(anonymous, post.get_absolute_url())
    # the post with its author, its topics, the related posts
    with django_assert_num_queries(3):
        response = anonymous.get(post.get_absolute_url())
    assert len(response.context["related"]) == 3


def test_post_body_is_sanitised(anonymous):
    post = NewsPostFactory(
        body='Hello <script>alert(1)</script> <a href="javascript:alert(1)" onclick="x()">x</a>'
        '\n\n<img src="/x.png" onerror="alert(1)" alt="x">'
    )
    html = anonymous.get(post.get_absolute_url()).content.decode()
    body = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body
    assert "javascript:" not in body
    assert "onclick" not in body
    assert "onerror" not in body


def test_unknown_post_is_404(anonymous):
    assert anonymous.get("/news/no-such-post/").status_code == 404


def test_drafts_are_hidden_from_everyone_at_the_public_address(anonymous):
    draft = NewsPostFactory(status=NewsStatus.DRAFT, published_at=_at(2020, 1, 1))
    assert anonymous.get(draft.get_absolute_url()).status_code == 404


def test_editors_can_preview_drafts_and_scheduled_posts(editor):
    draft = NewsPostFactory(title="Unfinished", status=NewsStatus.DRAFT)
    response = editor.get(preview_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unfinished" in html
    assert "this post is a draft" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    scheduled = NewsPostFactory(published_at=timezone.now() + datetime.timedelta(days=2))
    assert "this post is scheduled" in editor.get(preview_url(scheduled)).content.decode()


def test_previews_are_404_for_anonymous_and_staff_without_news_rights(anonymous, organizer):
    draft = NewsPostFactory(status=NewsStatus.DRAFT)
    url = preview_url(draft)
    assert organizer.get(url).status_code == 404
    organizer.logout()
    assert anonymous.get(url).status_code == 404


def test_superuser_can_preview(superuser):
    draft = NewsPostFactory(status=NewsStatus.DRAFT)
    assert superuser.get(preview_url(draft)).status_code == 200


@pytest.mark.parametrize("mangle", ["tamper", "garbage", "deleted", "empty-payload"])
def test_bad_preview_tokens_get_a_clear_page(editor, mangle):
    from django.core import signing

    from core.signing import Purpose

    PREVIEW_SALT = Purpose.NEWS_PREVIEW.value

    draft = NewsPostFactory(status=NewsStatus.DRAFT)
    url = preview_url(draft)
    if mangle == "tamper":
        url = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    elif mangle == "garbage":
        url = reverse("campaign:news_preview", args=["not-a-token"])
    elif mangle == "deleted":
        draft.delete()
    else:
        token = signing.dumps({"other": 1}, salt=PREVIEW_SALT)
        url = reverse("campaign:news_preview", args=[token])
    response = editor.get(url)
    assert response.status_code == 400
    assert "This preview link does not work" in response.content.decode()


def test_preview_links_expire(editor):
    with time_machine.travel(_at(2026, 1, 1), tick=False):
        draft = NewsPostFactory(status=NewsStatus.DRAFT)
        url = preview_url(draft)
        assert editor.get(url).status_code == 200
    with time_machine.travel(_at(2026, 2, 1), tick=False):
        assert editor.get(url).status_code == 400


@pytest.mark.parametrize(
    "query", ['"unclosed', "a & | ! :* ()", "') OR 1=1 --", "-", "ünïcødé 日本"]
)
def test_odd_search_text_never_breaks_the_search(anonymous, query):
    NewsPostFactory(title="Senators letter")
    response = anonymous.get(NEWS, {"q": query})
    assert response.status_code == 200


def test_post_with_an_image_shows_it_with_alt_text_and_shares_it(anonymous):
    post = NewsPostFactory(image="news/2026/rally.png", image_alt="Workers at a rally")
    html = anonymous.get(post.get_absolute_url()).content.decode()
    assert '<img src="/media/news/2026/rally.png" alt="Workers at a rally">' in html
    assert (
        '<meta property="og:image" content="http://127.0.0.1:8000/media/news/2026/rally.png">'
        in html
    )
    assert '<meta property="og:image:alt" content="Workers at a rally">' in html


def test_news_list_has_share_tags_and_a_feed_link(anonymous):
    html = anonymous.get(NEWS, {"q": "letter"}).content.decode()
    assert '<meta property="og:title" content="News · Press One">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/news/">' in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/news/feed/"' in html
