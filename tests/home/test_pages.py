"""The public site: Portuguese by default, a language switcher, accessible structure."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from home.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db


def test_home_page_speaks_portuguese_to_everyone(client):
    # An English-speaking browser still gets Portuguese: the city's default.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert '<html lang="pt-br">' in body
    assert "Ir para o conteúdo principal" in body
    assert "Entrar" in body and "Criar conta" in body
    assert response["Content-Language"] == "pt-br"


def test_home_page_has_landmarks_and_a_skip_link(client):
    body = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body
    assert 'aria-label="Menu principal"' in body


def test_language_switcher_changes_the_language_and_remembers_it(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == HTTPStatus.FOUND
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Skip to main content" in body and "Log in" in body

    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="es">' in body
    assert "Saltar al contenido principal" in body

    client.post(reverse("set_language"), {"language": "pt-br", "next": "/"})
    assert "Ir para o conteúdo principal" in client.get("/").content.decode()


def test_unknown_language_falls_back_to_portuguese(client):
    client.cookies["capacita_language"] = "xx"
    assert '<html lang="pt-br">' in client.get("/").content.decode()


def test_site_settings_name_the_city(client):
    site_settings = SiteSettings.for_site(HomePage.objects.get().get_site())
    site_settings.city_name = "Cidade de Teste"
    site_settings.save()
    assert "Cidade de Teste" in client.get("/").content.decode()


def test_edited_site_settings_show_on_the_next_page(
    client, make_person, settings, django_capture_on_commit_callbacks
):
    client.force_login(make_person())
    site_settings = SiteSettings.for_site(HomePage.objects.get().get_site())
    assert "Prefeitura de Teste" not in client.get(reverse("my_learning")).content.decode()
    site_settings.organisation_name = "Prefeitura de Teste"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    assert "Prefeitura de Teste" in client.get(reverse("my_learning")).content.decode()


def test_missing_page_is_a_portuguese_404(client):
    response = client.get("/nao-existe/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Página não encontrada" in response.content.decode()


def test_a_private_page_its_children_and_its_aliases_ask_for_a_password(client, make_course):
    """A view restriction on a page holds on the page, on everything under it and on an
    alias of it placed elsewhere, and the menu leaves the page out."""
    from wagtail.models import PageViewRestriction

    from home.models import StandardPage

    home = HomePage.objects.get()
    private = home.add_child(
        instance=StandardPage(title="Equipe interna", slug="equipe-interna", show_in_menus=True)
    )
    private.add_child(instance=StandardPage(title="Escalas", slug="escalas"))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="segredo"
    )
    alias = private.create_alias(parent=make_course(), update_slug="copia-equipe")

    for path in [private.url, private.url + "escalas/", alias.url]:
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        assert 'name="password"' in response.text, path
    assert "/equipe-interna/" not in client.get("/").text

    open_page = home.add_child(instance=StandardPage(title="Sobre", slug="sobre"))
    assert 'name="password"' not in client.get(open_page.url).text


def test_the_catalogue_lists_no_course_behind_a_view_restriction(client, make_course, catalogue):
    from wagtail.models import PageViewRestriction

    open_course = make_course(title="Curso aberto")
    private_course = make_course(title="Curso reservado")
    PageViewRestriction.objects.create(
        page=private_course, restriction_type=PageViewRestriction.LOGIN
    )
    listed = client.get(catalogue.url).text
    assert open_course.title in listed
    assert private_course.title not in listed

    assert f'href="{catalogue.url}"' in client.get("/").text  # in the menu
    PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(catalogue.url).status_code == HTTPStatus.FOUND  # to the log-in page
    assert f'href="{catalogue.url}"' not in client.get("/").text
