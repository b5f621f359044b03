"""Demo site content: the home page text, about, help and privacy pages, site settings.

The pages hold established facts about the plan and the platform's real privacy practice;
only the numbers and people elsewhere in the demo are invented.
"""

from __future__ import annotations

from wagtail.models import Page, Site

from .models import HomePage, SiteSettings, StandardPage


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


ABOUT = {
    "title": "Sobre o Capacita",
    "slug": "sobre",
    "introduction": (
        "O Capacita é a plataforma com que a Prefeitura forma seus agentes públicos para o "
        "atendimento humanizado a imigrantes, e comprova essa formação."
    ),
    "body": [
        ("heading", {"text": "O Plano Municipal de Políticas para Imigrantes", "level": "h2"}),
        *_paragraphs(
            "O Plano Municipal de Políticas para Imigrantes 2021–2024 foi instituído pelo "
            "Decreto 59.965/2020, no âmbito da Política Municipal para a População Imigrante "
            "(Lei 16.478/2016). Ele tem 8 eixos, 80 ações e 131 indicadores, elaborados com o "
            "Conselho Municipal de Imigrantes.",
            "Cerca de dez metas do Plano tratam da formação de agentes públicos: saúde, "
            "educação, assistência social e trabalho, proteção de crianças e adolescentes, "
            "direitos humanos, atendimento humanizado à população LGBTI+ imigrante, parto "
            "humanizado e intercultural, e enfrentamento à xenofobia, ao racismo e à "
            "intolerância religiosa.",
            "Cada conclusão de curso ou turma presencial conta para as metas do Plano, e os "
            "números agregados servem de evidência para o Conselho e para o MigraCidades.",
        ),
    ],
}

HELP = {
    "title": "Ajuda",
    "slug": "ajuda",
    "introduction": "Como criar sua conta, entrar e manter seus dados em dia.",
    "body": [
        ("heading", {"text": "Criar conta", "level": "h2"}),
        *_paragraphs(
            "Escolha <b>Criar conta</b>, informe seu nome completo, seu e-mail e uma senha. "
            "Enviaremos um e-mail com um link de confirmação: abra-o para ativar a conta.",
        ),
        ("heading", {"text": "Esqueci minha senha", "level": "h2"}),
        *_paragraphs(
            "Na página <b>Entrar</b>, escolha <b>Esqueceu a senha?</b> e informe seu e-mail. "
            "Você receberá um link para criar uma nova senha.",
        ),
        ("heading", {"text": "Meu perfil", "level": "h2"}),
        *_paragraphs(
            "Em <b>Meu perfil</b> você informa sua matrícula, cargo, unidade e território. Se "
            "você usa um nome social, preencha-o: ele aparece no lugar do nome completo em "
            "todas as telas e nos certificados.",
        ),
    ],
}

PRIVACY = {
    "title": "Privacidade e dados pessoais",
    "slug": "privacidade",
    "introduction": (
        "Como o Capacita trata seus dados pessoais, de acordo com a Lei Geral de Proteção de "
        "Dados Pessoais (LGPD, Lei 13.709/2018)."
    ),
    "body": [
        ("heading", {"text": "Quais dados guardamos", "level": "h2"}),
        *_paragraphs(
            "Nome completo, nome social (se você informar), e-mail, matrícula, cargo, unidade "
            "de trabalho e território, e o seu histórico de formação: inscrições, progresso, "
            "presenças, notas de avaliação e certificados.",
        ),
        ("heading", {"text": "Para que usamos", "level": "h2"}),
        *_paragraphs(
            "Para inscrever você nos cursos, emitir e permitir a verificação dos seus "
            "certificados, e contar quantos agentes públicos foram formados para cada meta do "
            "Plano Municipal de Políticas para Imigrantes. O tratamento se apoia na execução "
            "de políticas públicas pela administração (LGPD, art. 7º, III, e art. 23).",
        ),
        ("heading", {"text": "Quem vê", "level": "h2"}),
        *_paragraphs(
            "Você; os gestores responsáveis pela sua unidade (e só pela sua unidade e as que "
            "estão abaixo dela); e os administradores da plataforma. Relatórios públicos e "
            "dados abertos mostram apenas totais, nunca nomes. A página pública de verificação "
            "de um certificado mostra o nome, o curso, a carga horária, a data e o órgão "
            "emissor, nada mais.",
        ),
        ("heading", {"text": "Seus direitos", "level": "h2"}),
        *_paragraphs(
            "Você pode ver e corrigir seus dados a qualquer momento em <b>Meu perfil</b>, e "
            "lá mesmo excluir sua conta. A exclusão anonimiza seus dados: retira seu nome, "
            "matrícula, cargo, unidade e dados de contato, mas mantém os totais de formação da "
            "cidade; seus certificados continuam verificáveis pelo código, sem o seu nome.",
            "Em <b>Meu perfil</b> você também baixa, a qualquer momento, tudo o que o Capacita "
            "guarda sobre você, num arquivo JSON: sua conta, seus endereços de e-mail e acessos "
            "vinculados, e para cada curso as inscrições, aulas lidas, tentativas de "
            "questionário (com suas respostas), presenças e certificados, e o que o registro "
            "de auditoria guardou das suas próprias ações (exportações, downloads).",
        ),
    ],
}


def _ensure_child(parent: Page, spec: dict, *, in_menu: bool) -> StandardPage:
    page = StandardPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if page is None:
        page = StandardPage(
            title=spec["title"],
            slug=spec["slug"],
            introduction=spec["introduction"],
            body=spec["body"],
            show_in_menus=in_menu,
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed_demo(stdout) -> None:
    home = HomePage.objects.first()
    site = Site.objects.get(is_default_site=True)
    if not home.body:
        home.body = [
            ("heading", {"text": "Formação que conta para o Plano", "level": "h2"}),
            *_paragraphs(
                "Cursos online e turmas presenciais para servidoras e servidores da saúde, da "
                "educação, da assistência social e de toda a Prefeitura. Cada conclusão gera um "
                "certificado verificável e conta para as metas do Plano Municipal de Políticas "
                "para Imigrantes.",
            ),
            (
                "callout",
                {
                    "title": "Ambiente de demonstração",
                    "body": "<p>As pessoas, unidades e números deste site são fictícios.</p>",
                },
            ),
        ]
        home.save_revision().publish()
    _ensure_child(home, ABOUT, in_menu=True)
    _ensure_child(home, HELP, in_menu=True)
    privacy = _ensure_child(home, PRIVACY, in_menu=False)

    site_settings = SiteSettings.for_site(site)
    site_settings.privacy_page = privacy
    site_settings.demo_notice = True
    site_settings.save()
    stdout.write(f"  páginas do site: {home.get_descendants(inclusive=True).count()}")
