"""The 32 subprefeituras of São Paulo (established fact, not demo data), with their zone."""

from django.utils.text import slugify

SAO_PAULO_SUBPREFEITURAS: list[tuple[str, str]] = [
    ("Aricanduva/Formosa/Carrão", "leste"),
    ("Butantã", "oeste"),
    ("Campo Limpo", "sul"),
    ("Capela do Socorro", "sul"),
    ("Casa Verde/Cachoeirinha", "norte"),
    ("Cidade Ademar", "sul"),
    ("Cidade Tiradentes", "leste"),
    ("Ermelino Matarazzo", "leste"),
    ("Freguesia/Brasilândia", "norte"),
    ("Guaianases", "leste"),
    ("Ipiranga", "sul"),
    ("Itaim Paulista", "leste"),
    ("Itaquera", "leste"),
    ("Jabaquara", "sul"),
    ("Jaçanã/Tremembé", "norte"),
    ("Lapa", "oeste"),
    ("M'Boi Mirim", "sul"),
    ("Mooca", "leste"),
    ("Parelheiros", "sul"),
    ("Penha", "leste"),
    ("Perus", "norte"),
    ("Pinheiros", "oeste"),
    ("Pirituba/Jaraguá", "norte"),
    ("Santana/Tucuruvi", "norte"),
    ("Santo Amaro", "sul"),
    ("São Mateus", "leste"),
    ("São Miguel Paulista", "leste"),
    ("Sapopemba", "leste"),
    ("Sé", "centro"),
    ("Vila Maria/Vila Guilherme", "norte"),
    ("Vila Mariana", "sul"),
    ("Vila Prudente", "leste"),
]


def territories_ensure(territory_model) -> int:
    """Create any missing subprefeitura; returns how many were created. Idempotent."""
    created = 0
    for name, zone in SAO_PAULO_SUBPREFEITURAS:
        _, was_created = territory_model.objects.get_or_create(
            code=slugify(name.replace("/", " ")), defaults={"name": name, "zone": zone}
        )
        created += was_created
    return created
