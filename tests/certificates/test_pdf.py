"""The certificate PDF, read the way its holder, a verifier and a screen reader would read it."""

import dataclasses
import io
import logging

import pypdfium2
import pytest
import zxingcpp
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from certificates.pdf import CertificateDocument, Signatory, render_certificate

ISSUING_BODY = "Prefeitura de São Paulo – Secretaria Municipal de Direitos Humanos e Cidadania"
VERIFY_URL = (
    "https://capacita.prefeitura.sp.gov.br/certificados/verificar/7K3M-Q9XD-2HRT-B8WN-FA4C/"
)
A4_LANDSCAPE = (841.89, 595.28)


def png(color: str, size: tuple[int, int] = (60, 20)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, "PNG")
    return output.getvalue()


@pytest.fixture
def document() -> CertificateDocument:
    return CertificateDocument(
        title="Certificado de conclusão",
        body=(
            "Certificamos que Joana Conceição Ñúñez concluiu o curso de atendimento humanizado.\n\n"
            "Este certificado é válido em todo o território nacional."
        ),
        holder_name="Joana Conceição Ñúñez",
        course_title="Atendimento humanizado à população em situação de rua",
        workload_hours="2,5",
        modality="Presencial",
        completion_date="12 de março de 2025",
        issuing_body=ISSUING_BODY,
        code="7K3M-Q9XD-2HRT-B8WN-FA4C",
        verify_url=VERIFY_URL,
        goals=("M01 – Capacitar 2.000 agentes de atendimento",),
        class_dates="3 a 7 de março de 2025",
        class_place="Rua Líbero Badaró, 119 – Centro",
        signatories=(Signatory("Maria das Graças Albuquerque", "Secretária Municipal"),),
    )


def render(document: CertificateDocument) -> PdfReader:
    with translation.override("pt-br"):
        return PdfReader(io.BytesIO(render_certificate(document)))


def text_of(reader: PdfReader) -> str:
    return reader.pages[0].extract_text()


def image_count(reader: PdfReader) -> int:
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    return sum(1 for ref in xobjects.values() if ref.get_object()["/Subtype"] == "/Image")


def test_the_certificate_says_who_did_what_when(document):
    text = text_of(render(document))

    for fact in (
        "Joana Conceição Ñúñez",
        "Atendimento humanizado à população em situação de rua",
        "2,5",
        "12 de março de 2025",
        ISSUING_BODY,
        "M01 – Capacitar 2.000 agentes de atendimento",
        "3 a 7 de março de 2025",
        "Rua Líbero Badaró, 119 – Centro",
        "Maria das Graças Albuquerque",
        "7K3M-Q9XD-2HRT-B8WN-FA4C",
        "Este certificado é válido em todo o território nacional.",
    ):
        assert fact in text


def test_online_courses_leave_out_the_class(document):
    online = dataclasses.replace(
        document, modality="Online", class_dates="", class_place="", goals=()
    )

    text = text_of(render(online))

    assert "Online" in text
    assert "Rua Líbero Badaró" not in text
    assert "M01" not in text


def test_it_is_one_a4_landscape_page(document):
    reader = render(document)

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.01)


def test_document_information_and_language(document):
    reader = render(document)

    assert reader.metadata.title == (
        "Certificado de conclusão – Atendimento humanizado à população em situação de rua"
    )
    assert reader.metadata.author == document.issuing_body
    assert "Atendimento humanizado à população em situação de rua" in reader.metadata.subject
    assert reader.metadata.creator == "Capacita"
    assert reader.trailer["/Root"]["/Lang"] == "pt-BR"


def test_text_is_in_an_embedded_vera_subset(document):
    fonts = render(document).pages[0]["/Resources"]["/Font"]

    for ref in fonts.values():
        font = ref.get_object()
        assert font["/Subtype"] == "/TrueType"
        assert "+BitstreamVera" in font["/BaseFont"]  # "ABCDEF+": a subset
        assert "/FontFile2" in font["/FontDescriptor"]


def test_the_qr_code_opens_the_verification_page(document):
    with translation.override("pt-br"):
        page = pypdfium2.PdfDocument(render_certificate(document))[0]
    image = page.render(scale=3).to_pil()

    codes = zxingcpp.read_barcodes(image)

    assert [(code.format, code.text) for code in codes] == [
        (zxingcpp.BarcodeFormat.QRCode, VERIFY_URL)
    ]


def test_long_names_and_titles_wrap_inside_the_border(document):
    name = "Maria Aparecida da Conceição dos Santos Oliveira Pereira de Albuquerque Cavalcanti " * 2
    course = "Formação continuada em políticas públicas intersetoriais de cuidado " * 4
    long = dataclasses.replace(
        document,
        holder_name=name.strip(),
        course_title=course.strip(),
        title="Certificado de conclusão de curso de formação continuada " * 3,
        body=document.body * 4,
    )

    with translation.override("pt-br"):
        data = render_certificate(long)
    reader = PdfReader(io.BytesIO(data))

    assert len(reader.pages) == 1
    words = text_of(reader).split()
    for word in (name + course).split():
        assert word in words
    assert _nothing_drawn_outside_the_border(data)


def _nothing_drawn_outside_the_border(data: bytes) -> bool:
    scale = 0.5
    image = pypdfium2.PdfDocument(data)[0].render(scale=scale).to_pil().convert("L")
    inside = round(16 * scale)  # the border is drawn 18 points in from the edge
    pixels = image.load()
    width, height = image.size
    margin = [
        pixels[x, y]
        for x in range(width)
        for y in range(height)
        if min(x, y, width - 1 - x, height - 1 - y) < inside
    ]
    return min(margin) > 250


def test_long_signatory_roles_stay_inside_the_border(document):
    verbose = dataclasses.replace(
        document,
        signatories=(
            Signatory("Maria das Graças Albuquerque", "Secretária Municipal adjunta " * 15),
        )
        * 3,
    )

    with translation.override("pt-br"):
        data = render_certificate(verbose)

    assert _nothing_drawn_outside_the_border(data)
    words = text_of(PdfReader(io.BytesIO(data))).split()
    assert words.count("Albuquerque") == 3


def test_logo_and_signatures_are_drawn(document):
    signed = dataclasses.replace(
        document,
        logo=png("navy", (120, 40)),
        signatories=(
            Signatory("Maria das Graças Albuquerque", "Secretária", png("black")),
            Signatory("Carlos Eduardo Pinto", "Coordenador", png("blue")),
            Signatory("Ana Beatriz Souza", "Diretora"),
        ),
    )

    reader = render(signed)

    assert image_count(reader) == 3
    text = text_of(reader)
    assert "Carlos Eduardo Pinto" in text
    assert "Ana Beatriz Souza" in text


def test_unreadable_images_are_left_out(document, caplog):
    broken = dataclasses.replace(
        document,
        logo=b"not an image",
        signatories=(Signatory("Carlos Eduardo Pinto", "Coordenador", b"\x89PNG\r\n\x1a\n"),),
    )

    with caplog.at_level(logging.WARNING, logger="certificates.pdf"):
        reader = render(broken)

    assert image_count(reader) == 0
    assert "Carlos Eduardo Pinto" in text_of(reader)
    assert len(caplog.records) == 2


def test_large_images_are_scaled_down(document):
    heavy = dataclasses.replace(document, logo=png("navy", (4000, 1000)))

    image = next(iter(render(heavy).pages[0].images))

    assert max(image.image.size) <= 1200


def test_spanish_and_typographic_characters_are_readable(document):
    spanish = dataclasses.replace(
        document,
        holder_name="José Ñúñez Peña",
        body="¿Quién completó el curso? ¡Él! “Atención” – ‘ciudadana’… 1ª y 2º",
    )

    text = text_of(render(spanish))

    assert "José Ñúñez Peña" in text
    assert "¿Quién completó el curso? ¡Él! “Atención” – ‘ciudadana’… 1ª y 2º" in text


def test_letters_the_font_lacks_keep_their_nearest_form(document):
    # Vera has no "ễ", "ę" or "ř": they lose an accent rather than print as an empty box.
    foreign = dataclasses.replace(document, holder_name="Nguyễn Wałęsa Dvořák")

    assert "Nguyên Wałesa Dvorák" in text_of(render(foreign))


@pytest.mark.parametrize("color", ["blue", "#12", "", "#GGGGGG", "javascript:"])
def test_invalid_colours_fall_back_to_the_defaults(document, color):
    odd = dataclasses.replace(document, primary_color=color, accent_color=color)

    assert "Joana Conceição Ñúñez" in text_of(render(odd))
