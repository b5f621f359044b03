"""Demo content for Capacita: plan axes, MigraCidades dimensions, plan goals and courses.

Capacita is the platform with which the city of São Paulo trains its public servants to serve
immigrants well, counted toward the goals of the Plano Municipal de Políticas para Imigrantes
2021–2024 (Decreto 59.965/2020, under Lei 16.478/2016).

Data only. Goal targets, baselines, action numbers and learner names are invented for the demo,
which is why each goal title and each learner name ends with " (demo)".

Lesson blocks are tuples:
    ("heading", text)
    ("paragraph", text)          -- text may contain <b> and <i> only
    ("callout", title, text)
Quiz choices are tuples (text, is_correct, feedback).
"""

from datetime import date

# The eight axes of the Plano Municipal de Políticas para Imigrantes 2021–2024.
AXES = [
    (1, "Participação social e protagonismo imigrante na governança migratória local"),
    (2, "Acesso à assistência social e habitação"),
    (3, "Valorização e incentivo à diversidade cultural"),
    (
        4,
        (
            "Proteção aos direitos humanos e combate à xenofobia, racismo, intolerância religiosa "
            "e outras formas de discriminação"
        ),
    ),
    (5, "Mulheres e população LGBTI+: acesso a direitos e serviços"),
    (6, "Promoção do trabalho decente, geração de emprego e renda e qualificação profissional"),
    (
        7,
        (
            "Acesso à educação integral, ensino de língua portuguesa para imigrantes e respeito à "
            "interculturalidade"
        ),
    ),
    (8, "Acesso à saúde integral, lazer e esporte"),
]

# MigraCidades dimensions by edition year (only the 2023 edition is used).
MIGRACIDADES_DIMENSIONS = {
    2023: [
        (1, "Estrutura institucional de governança e estratégia local"),
        (2, "Capacitação de servidores públicos e sensibilização sobre direitos dos migrantes"),
        (3, "Participação social e cultural dos migrantes"),
        (4, "Transparência e acesso à informação para migrantes"),
        (5, "Parcerias institucionais"),
        (6, "Acesso à saúde"),
        (7, "Acesso e integração à educação"),
        (8, "Acesso à assistência social"),
        (9, "Acesso ao mercado de trabalho"),
        (10, "Acesso aos serviços de proteção: gênero, LGBTQIA+ e igualdade racial"),
    ],
}

# Training goals of the plan. Targets and baselines are invented (demo). The real plan ran
# 2021–2024; the demo's learners completed their courses in the last two years, so its goals
# run over a later, invented window that holds them (demo).
DEMO_GOAL_START = date(2025, 1, 1)
DEMO_GOAL_END = date(2028, 12, 31)

PLAN_GOALS = [
    {
        "code": "M01",
        "title": "Formar agentes da saúde para o acolhimento de imigrantes (demo)",
        "description": (
            "Capacitar profissionais das Unidades Básicas de Saúde e da rede de atenção para "
            "acolher pessoas imigrantes, garantindo o acesso universal ao SUS com comunicação "
            "adequada e respeito às diferenças culturais."
        ),
        "axis": 8,
        "actions": "68, 70",
        "secretariat": "SMS",
        "baseline": 150,
        "target": 3000,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 6],
        "split": [],
    },
    {
        "code": "M02",
        "title": (
            "Formar profissionais da educação para o acolhimento de estudantes imigrantes (demo)"
        ),
        "description": (
            "Preparar equipes gestoras, docentes e de secretaria escolar para garantir a "
            "matrícula, a permanência e a aprendizagem de estudantes imigrantes na Rede Municipal "
            "de Ensino."
        ),
        "axis": 7,
        "actions": "55, 57",
        "secretariat": "SME",
        "baseline": 200,
        "target": 2500,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 7],
        "split": [],
    },
    {
        "code": "M03",
        "title": (
            "Capacitar trabalhadores da assistência social e dos programas de trabalho e renda "
            "(demo)"
        ),
        "description": (
            "Qualificar equipes dos CRAS, CREAS, centros de acolhida e dos Centros de Apoio ao "
            "Trabalho e Empreendedorismo para atender famílias imigrantes e facilitar seu acesso a "
            "benefícios, programas e oportunidades de trabalho."
        ),
        "axis": 2,
        "actions": "12, 14, 62",
        "secretariat": "SMADS",
        "baseline": 80,
        "target": 1600,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 8, 9],
        "split": [("SMADS", 1200), ("SMDET", 400)],
    },
    {
        "code": "M04",
        "title": (
            "Qualificar a educação infantil e a rede de proteção para o cuidado de crianças "
            "imigrantes (demo)"
        ),
        "description": (
            "Formar profissionais de creches, pré-escolas e serviços socioassistenciais para "
            "garantir a proteção integral de crianças e adolescentes imigrantes, inclusive "
            "desacompanhados ou separados."
        ),
        "axis": 4,
        "actions": "31, 58",
        "secretariat": "SME",
        "baseline": 0,
        "target": 1200,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 7, 8],
        "split": [("SME", 700), ("SMADS", 500)],
    },
    {
        "code": "M05",
        "title": (
            "Sensibilizar servidores municipais sobre os direitos das pessoas imigrantes (demo)"
        ),
        "description": (
            "Levar a servidoras e servidores de todas as secretarias os princípios da Lei de "
            "Migração e da Política Municipal para a População Imigrante, para que nenhum serviço "
            "público seja negado em razão da nacionalidade ou da situação documental."
        ),
        "axis": 4,
        "actions": "24, 26",
        "secretariat": "SMDHC",
        "baseline": 300,
        "target": 3000,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 4],
        "split": [],
    },
    {
        "code": "M06",
        "title": (
            "Capacitar servidores para o atendimento humanizado a pessoas LGBTI+ imigrantes (demo)"
        ),
        "description": (
            "Formar equipes dos serviços de direitos humanos, saúde e assistência social para "
            "acolher pessoas LGBTI+ imigrantes e refugiadas com respeito ao nome social, à "
            "identidade de gênero e ao sigilo."
        ),
        "axis": 5,
        "actions": "40, 42",
        "secretariat": "SMDHC",
        "baseline": 0,
        "target": 400,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 10],
        "split": [],
    },
    {
        "code": "M07",
        "title": (
            "Qualificar equipes de pré-natal e maternidades para o parto humanizado e "
            "intercultural (demo)"
        ),
        "description": (
            "Capacitar profissionais que atendem gestantes imigrantes para oferecer pré-natal, "
            "parto e puerpério humanizados, com comunicação adequada e respeito às práticas "
            "culturais de cada mulher."
        ),
        "axis": 5,
        "actions": "44, 73",
        "secretariat": "SMS",
        "baseline": 40,
        "target": 600,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 6, 10],
        "split": [],
    },
    {
        "code": "M08",
        "title": (
            "Formar servidores para o enfrentamento à xenofobia, ao racismo e à intolerância "
            "religiosa (demo)"
        ),
        "description": (
            "Preparar servidoras e servidores para reconhecer, prevenir e enfrentar práticas "
            "discriminatórias nos serviços públicos e para orientar vítimas sobre os canais de "
            "denúncia."
        ),
        "axis": 4,
        "actions": "27, 29",
        "secretariat": "SMDHC",
        "baseline": 100,
        "target": 2000,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 10],
        "split": [],
    },
    {
        "code": "M09",
        "title": "Formar docentes em Português como Língua de Acolhimento (demo)",
        "description": (
            "Capacitar professoras e professores da Rede Municipal de Ensino para ensinar "
            "português a crianças, jovens e adultos imigrantes, na perspectiva da língua de "
            "acolhimento."
        ),
        "axis": 7,
        "actions": "59, 60",
        "secretariat": "SME",
        "baseline": 60,
        "target": 500,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 7],
        "split": [],
    },
    {
        "code": "M10",
        "title": (
            "Capacitar servidores para identificar e encaminhar casos de trabalho análogo à "
            "escravidão (demo)"
        ),
        "description": (
            "Formar equipes de atendimento ao trabalhador, assistência social, saúde e direitos "
            "humanos para reconhecer sinais de trabalho escravo contemporâneo e de tráfico de "
            "pessoas e acionar a rede de proteção."
        ),
        "axis": 6,
        "actions": "47, 49",
        "secretariat": "SMDET",
        "baseline": 0,
        "target": 800,
        "start": DEMO_GOAL_START,
        "end": DEMO_GOAL_END,
        "dimensions": [2, 5, 9],
        "split": [],
    },
]

# The course catalogue.
COURSES = [
    # 1. Somos Tod@s Migrantes – Migrações e Direitos na Cidade
    {
        "title": "Somos Tod@s Migrantes – Migrações e Direitos na Cidade",
        "slug": "somos-todos-migrantes",
        "summary": (
            "Introdução às migrações em São Paulo, aos conceitos básicos sobre mobilidade humana e "
            "aos direitos das pessoas imigrantes garantidos pela legislação federal e municipal."
        ),
        "objectives": [
            "Diferenciar imigrante, refugiado, solicitante de refúgio e apátrida",
            (
                "Conhecer os princípios da Lei de Migração e da Política Municipal para a "
                "População Imigrante"
            ),
            "Reconhecer atitudes xenofóbicas no atendimento e saber como evitá-las",
            "Identificar serviços de referência da cidade, como o CRAI",
        ],
        "audience_secretariats": ["SMDHC", "SMS", "SME", "SMADS", "SMDET", "SEGES"],
        "audience_job_titles": (
            "Servidoras e servidores municipais de todas as áreas, em especial quem atende o "
            "público"
        ),
        "hours": 8,
        "modality": "online",
        "language": "pt-br",
        "topics": ["migrações", "direitos humanos", "xenofobia"],
        "goals": ["M05", "M08"],
        "lessons": [
            {
                "title": "São Paulo, cidade de migrações",
                "required": True,
                "blocks": [
                    ("heading", "Uma cidade construída por quem chegou"),
                    (
                        "paragraph",
                        (
                            "A história de São Paulo é inseparável das migrações. Sobre "
                            "territórios indígenas, a cidade cresceu com o trabalho de africanos "
                            "escravizados e de seus descendentes e, a partir do fim do século XIX, "
                            "recebeu portugueses, italianos, espanhóis, japoneses, sírios, "
                            "libaneses e muitos outros povos. Ao longo do século XX, chegou também "
                            "um grande número de migrantes internos, sobretudo do Nordeste e de "
                            "Minas Gerais."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Nas últimas décadas, a cidade passou a acolher pessoas vindas da "
                            "Bolívia, do Paraguai, do Peru, do Haiti, da Venezuela, de Angola, da "
                            "República Democrática do Congo, da Síria, da China e de tantos outros "
                            "países. São pessoas que trabalham, estudam, abrem negócios, pagam "
                            "impostos e utilizam os mesmos serviços públicos que qualquer outro "
                            "morador."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Migrar é um direito humano. A <b>Declaração Universal dos Direitos "
                            "Humanos</b> (art. 13) afirma que toda pessoa tem o direito de "
                            "circular livremente, de escolher sua residência dentro de um Estado, "
                            "de deixar qualquer país, inclusive o próprio, e de a ele regressar."
                        ),
                    ),
                    (
                        "callout",
                        "Para refletir",
                        (
                            "De onde veio a sua família? Muitas histórias paulistanas começam com "
                            "uma mudança de cidade, de estado ou de país. Lembrar disso ajuda a "
                            "olhar para quem chega hoje com mais empatia."
                        ),
                    ),
                ],
            },
            {
                "title": "Conceitos essenciais: quem é quem",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A Lei de Migração (Lei 13.445/2017) define <b>imigrante</b> como a "
                            "pessoa nacional de outro país, ou apátrida, que trabalha ou reside e "
                            "se estabelece temporária ou definitivamente no Brasil. "
                            "<b>Emigrante</b> é o brasileiro que se estabelece no exterior, e "
                            "<b>visitante</b> é quem vem ao país para estadas de curta duração, "
                            "sem intenção de se estabelecer. <b>Apátrida</b> é a pessoa que não é "
                            "considerada nacional por nenhum Estado."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "<b>Refugiado</b>, segundo a Lei 9.474/1997, é a pessoa reconhecida "
                            "pelo Brasil por ter deixado seu país devido a fundado temor de "
                            "perseguição por motivos de raça, religião, nacionalidade, grupo "
                            "social ou opiniões políticas, ou por causa de grave e generalizada "
                            "violação de direitos humanos. O <b>solicitante de refúgio</b> é quem "
                            "já pediu esse reconhecimento e aguarda a decisão do Comitê Nacional "
                            "para os Refugiados (Conare). Enquanto aguarda, tem documento "
                            "provisório e pode trabalhar, estudar e usar os serviços públicos."
                        ),
                    ),
                    (
                        "callout",
                        "Palavras importam",
                        (
                            "Evite o termo “ilegal”. Nenhuma pessoa é ilegal: o que pode estar "
                            "regular ou irregular é a situação migratória. No Brasil, migrar não é "
                            "crime, e a não criminalização da migração é um dos princípios da Lei "
                            "de Migração (art. 3º, III). Prefira “imigrante indocumentado” ou “em "
                            "situação migratória irregular”."
                        ),
                    ),
                ],
            },
            {
                "title": "Direitos garantidos: a lei federal e a política municipal",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A Lei de Migração substituiu o antigo Estatuto do Estrangeiro (Lei "
                            "6.815/1980), que tratava o imigrante sob a ótica da segurança "
                            "nacional. A nova lei parte dos direitos humanos: seu art. 4º garante "
                            "ao migrante, em condição de igualdade com os nacionais, os direitos à "
                            "vida, à liberdade, à igualdade, à segurança e à propriedade, além do "
                            "acesso à saúde, à assistência social, à previdência e à educação "
                            "pública, <b>sem discriminação em razão da nacionalidade ou da "
                            "condição migratória</b>."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Em São Paulo, a Lei 16.478/2016 instituiu a Política Municipal para a "
                            "População Imigrante, pioneira no país. Ela considera população "
                            "imigrante todas as pessoas que vieram de outro país para viver na "
                            "cidade, <i>independentemente de sua situação migratória e "
                            "documental</i>, e tem entre seus objetivos garantir o acesso a "
                            "direitos sociais e serviços públicos, promover o respeito à "
                            "diversidade e à interculturalidade, impedir violações de direitos e "
                            "fomentar a participação social. O Decreto 57.533/2016 regulamentou a "
                            "lei e criou o Conselho Municipal de Imigrantes."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O Plano Municipal de Políticas para Imigrantes 2021–2024, aprovado "
                            "pelo Decreto 59.965/2020, organiza as ações da Prefeitura em oito "
                            "eixos, da participação social à saúde, e inclui a formação de "
                            "servidores entre as suas ações."
                        ),
                    ),
                    (
                        "callout",
                        "Na prática",
                        (
                            "Passaporte estrangeiro, protocolo de refúgio ou documento vencido não "
                            "são motivo para negar atendimento. Na dúvida, atenda e busque "
                            "orientação com a chefia ou com o CRAI."
                        ),
                    ),
                ],
            },
            {
                "title": "Xenofobia no atendimento e a rede de apoio",
                "required": False,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "<b>Xenofobia</b> é a aversão, a hostilidade ou a discriminação contra "
                            "pessoas por serem estrangeiras ou por causa de sua origem nacional. "
                            "Muitas vezes ela se soma ao racismo: imigrantes negros, como "
                            "haitianos e africanos, e imigrantes de origem indígena, como muitos "
                            "bolivianos e peruanos, podem sofrer as duas formas de discriminação "
                            "ao mesmo tempo."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "No serviço público, a xenofobia aparece de formas sutis: impaciência "
                            "com o sotaque, exigência de documentos que não são pedidos a "
                            "brasileiros, piadas sobre a nacionalidade, a suposição de que a "
                            "pessoa “não tem direito” ou a frase “volte para o seu país”. A Lei "
                            "7.716/1989 define como crime a discriminação por procedência nacional."
                        ),
                    ),
                    (
                        "callout",
                        "Rede de apoio em São Paulo",
                        (
                            "O Centro de Referência e Atendimento para Imigrantes (CRAI), ligado à "
                            "Secretaria Municipal de Direitos Humanos e Cidadania, orienta sobre "
                            "documentação, direitos e serviços, com atendimento em vários idiomas. "
                            "Violações de direitos podem ser denunciadas ao Disque 100, serviço "
                            "gratuito que funciona 24 horas e aceita denúncias anônimas."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Somos Tod@s Migrantes",
            "questions": [
                {
                    "text": (
                        "Segundo a Lei de Migração, estar no Brasil sem documentação regular é:"
                    ),
                    "kind": "single",
                    "choices": [
                        (
                            "Um crime punido com prisão",
                            False,
                            "Incorreto. A lei adota o princípio da não criminalização da migração.",
                        ),
                        (
                            "Uma situação administrativa, que não é tratada como crime",
                            True,
                            (
                                "Correto. A irregularidade migratória é uma questão administrativa "
                                "e pode ser regularizada."
                            ),
                        ),
                        (
                            "Motivo para que serviços públicos recusem atendimento",
                            False,
                            "Incorreto. O acesso a serviços não depende da condição migratória.",
                        ),
                    ],
                    "explanation": (
                        "A não criminalização da migração é princípio da Lei 13.445/2017 (art. 3º, "
                        "III), e o acesso a serviços públicos não pode ser condicionado à situação "
                        "migratória."
                    ),
                },
                {
                    "text": "Quais afirmações sobre refúgio estão corretas?",
                    "kind": "multiple",
                    "choices": [
                        (
                            (
                                "O solicitante de refúgio recebe um documento provisório de "
                                "identificação"
                            ),
                            True,
                            (
                                "Correto. Ele pode usá-lo para se identificar, trabalhar e acessar "
                                "serviços."
                            ),
                        ),
                        (
                            (
                                "Perseguição por religião ou opinião política pode fundamentar o "
                                "refúgio"
                            ),
                            True,
                            "Correto. Esses motivos estão previstos na Lei 9.474/1997.",
                        ),
                        (
                            "Só quem já foi reconhecido pelo Conare pode usar o SUS",
                            False,
                            "Incorreto. O SUS é universal, inclusive para solicitantes de refúgio.",
                        ),
                    ],
                    "explanation": (
                        "A Lei 9.474/1997 define quem é refugiado, e o solicitante tem direitos "
                        "desde o pedido, inclusive de acesso aos serviços públicos."
                    ),
                },
                {
                    "text": (
                        "Qual é a forma mais adequada de se referir a uma pessoa sem documentos "
                        "regulares?"
                    ),
                    "kind": "single",
                    "choices": [
                        ("Imigrante ilegal", False, "Inadequado. Nenhuma pessoa é ilegal."),
                        (
                            "Imigrante em situação migratória irregular ou indocumentado",
                            True,
                            "Correto. O termo descreve a situação, não a pessoa.",
                        ),
                        (
                            "Clandestino",
                            False,
                            (
                                "Inadequado. O termo é estigmatizante e associa a migração a algo "
                                "criminoso."
                            ),
                        ),
                    ],
                    "explanation": (
                        "A linguagem que usamos pode reforçar ou combater preconceitos; a "
                        "irregularidade é uma situação, não uma característica da pessoa."
                    ),
                },
                {
                    "text": (
                        "A Política Municipal para a População Imigrante (Lei 16.478/2016) tem "
                        "entre seus objetivos:"
                    ),
                    "kind": "multiple",
                    "choices": [
                        (
                            "Garantir o acesso a direitos sociais e a serviços públicos",
                            True,
                            "Correto.",
                        ),
                        (
                            "Promover o respeito à diversidade e à interculturalidade",
                            True,
                            "Correto.",
                        ),
                        (
                            "Restringir o atendimento a imigrantes com residência autorizada",
                            False,
                            (
                                "Incorreto. A política abrange imigrantes independentemente da "
                                "situação documental."
                            ),
                        ),
                        (
                            "Fomentar a participação social dos imigrantes",
                            True,
                            "Correto. O Conselho Municipal de Imigrantes é um exemplo disso.",
                        ),
                    ],
                    "explanation": (
                        "A lei municipal orienta todas as secretarias a garantir direitos e "
                        "serviços à população imigrante, com participação social e respeito à "
                        "diversidade."
                    ),
                },
            ],
        },
    },
    # 2. Acolhimento intercultural na Atenção Básica (UBS)
    {
        "title": "Acolhimento intercultural na Atenção Básica (UBS)",
        "slug": "acolhimento-intercultural-atencao-basica-ubs",
        "summary": (
            "Como garantir o acesso universal ao SUS para pessoas imigrantes nas Unidades Básicas "
            "de Saúde, com acolhimento culturalmente sensível e comunicação efetiva."
        ),
        "objectives": [
            (
                "Aplicar os princípios de universalidade, integralidade e equidade do SUS no "
                "atendimento a imigrantes"
            ),
            "Realizar o cadastro sem criar barreiras documentais indevidas",
            "Usar estratégias de comunicação com pessoas que não falam português",
            "Reconhecer aspectos culturais e sofrimentos ligados ao processo migratório",
        ],
        "audience_secretariats": ["SMS"],
        "audience_job_titles": (
            "Agentes comunitários de saúde, enfermeiros, técnicos de enfermagem, médicos e "
            "recepcionistas de UBS"
        ),
        "hours": 12,
        "modality": "online",
        "language": "pt-br",
        "topics": ["saúde", "sus", "interculturalidade"],
        "goals": ["M01"],
        "lessons": [
            {
                "title": "O SUS é para todas as pessoas",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A Constituição Federal (art. 196) estabelece que a saúde é <b>direito "
                            "de todos e dever do Estado</b>. A Lei 8.080/1990 organiza o SUS a "
                            "partir dos princípios da universalidade de acesso, da integralidade "
                            "da assistência e da igualdade, sem preconceitos ou privilégios de "
                            "qualquer espécie. A Lei de Migração reforça esse direito ao garantir "
                            "ao migrante o acesso aos serviços públicos de saúde sem discriminação "
                            "em razão da nacionalidade ou da condição migratória (art. 4º, VIII)."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Na prática, isso significa que a pessoa imigrante, com ou sem "
                            "documentos, tem direito a consultas, vacinas, pré-natal, exames, "
                            "medicamentos da rede pública, atendimento de saúde bucal e mental e "
                            "atendimento de urgência e emergência. A <i>equidade</i> completa esse "
                            "quadro: quem enfrenta mais barreiras, como a da língua, precisa de "
                            "apoio adicional para ter o mesmo acesso."
                        ),
                    ),
                    (
                        "callout",
                        "Atenção",
                        (
                            "A falta de documento ou do Cartão Nacional de Saúde não pode impedir "
                            "o atendimento. Em situações de urgência, atenda primeiro; o cadastro "
                            "pode ser feito depois."
                        ),
                    ),
                ],
            },
            {
                "title": "Cadastro, Cartão SUS e território",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O Cartão Nacional de Saúde pode ser emitido para pessoas "
                            "estrangeiras. Aceite os documentos que a pessoa tiver: passaporte, "
                            "documento de identidade do país de origem, Carteira de Registro "
                            "Nacional Migratório (CRNM), documento provisório de solicitante de "
                            "refúgio ou protocolo de regularização. O CPF facilita o cadastro, mas "
                            "sua ausência não deve impedir o atendimento."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O comprovante de endereço costuma ser uma barreira. Muitos imigrantes "
                            "moram em pensões, quartos sublocados, ocupações ou centros de "
                            "acolhida, sem contrato em nome próprio. A autodeclaração de endereço "
                            "e a visita do agente comunitário de saúde podem confirmar que a "
                            "pessoa vive no território da unidade."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O agente comunitário de saúde tem papel estratégico: identifica "
                            "famílias imigrantes na área, inclui todos os moradores no cadastro "
                            "domiciliar, registra os idiomas falados e mapeia associações, igrejas "
                            "e comércios que servem de referência para cada comunidade. Essas "
                            "parcerias ajudam a divulgar campanhas e a aproximar a unidade de quem "
                            "ainda não a procura."
                        ),
                    ),
                    (
                        "callout",
                        "Boa prática",
                        (
                            "Mantenha na recepção uma lista dos documentos aceitos para cadastro "
                            "de imigrantes e compartilhe-a com toda a equipe, inclusive com "
                            "profissionais recém-chegados."
                        ),
                    ),
                ],
            },
            {
                "title": "Comunicação sem barreiras",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Sem comunicação não há cuidado seguro. Use <b>linguagem simples</b>, "
                            "frases curtas e uma informação de cada vez. Ao final, peça que a "
                            "pessoa explique com as próprias palavras o que entendeu sobre o "
                            "diagnóstico, o uso dos medicamentos e o retorno. Imagens, "
                            "pictogramas, materiais traduzidos e demonstrações práticas ajudam "
                            "muito."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Sempre que possível, conte com intérpretes ou mediadores culturais. "
                            "Aplicativos de tradução podem ajudar em conversas simples, mas não "
                            "garantem precisão em orientações clínicas e exigem cuidado com o "
                            "sigilo. <b>Evite usar crianças como intérpretes</b>: isso as expõe a "
                            "conteúdos inadequados, inverte papéis familiares e compromete a "
                            "confidencialidade. Se a pessoa preferir um adulto de sua confiança, "
                            "respeite a escolha, mas lembre-se de que temas como violência ou "
                            "saúde sexual podem exigir um intérprete externo."
                        ),
                    ),
                    (
                        "callout",
                        "Dica",
                        (
                            "Registre no prontuário o idioma preferido da pessoa e se ela precisa "
                            "de intérprete. Isso evita improvisos nos próximos atendimentos."
                        ),
                    ),
                ],
            },
            {
                "title": "Cultura, saúde e sofrimento migratório",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Formas de entender a saúde e a doença variam entre culturas. Algumas "
                            "pessoas usam chás, remédios tradicionais ou recorrem a curandeiros e "
                            "líderes religiosos; outras preferem ser atendidas por profissionais "
                            "do mesmo sexo ou decidem sobre o tratamento em conjunto com a "
                            "família. Pergunte sem julgar: “O que você acha que causou esse "
                            "problema?” e “Como isso costuma ser tratado no seu país?”. As "
                            "respostas ajudam a construir um plano de cuidado possível."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O processo migratório também pode gerar sofrimento: separação da "
                            "família, luto, insegurança sobre documentos, trabalho precário, "
                            "discriminação e, em alguns casos, violências vividas no país de "
                            "origem ou no trajeto. Escuta qualificada e vínculo são o primeiro "
                            "cuidado; quando necessário, articule o apoio da equipe "
                            "multiprofissional e dos CAPS. Condições precárias de moradia e "
                            "trabalho, como ambientes superlotados e pouco ventilados, aumentam o "
                            "risco de doenças como a tuberculose e merecem atenção."
                        ),
                    ),
                    (
                        "callout",
                        "Vacinação",
                        (
                            "Avalie as cadernetas de vacinação de outros países e aproveite as "
                            "doses comprovadas, completando o esquema conforme o Calendário "
                            "Nacional de Vacinação."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Acolhimento intercultural na UBS",
            "questions": [
                {
                    "text": (
                        "Uma mulher venezuelana sem documento de identidade chega à UBS com febre "
                        "alta. O que a equipe deve fazer?"
                    ),
                    "kind": "single",
                    "choices": [
                        (
                            "Pedir que volte quando tiver um documento",
                            False,
                            "Incorreto. A falta de documento não pode impedir o atendimento.",
                        ),
                        (
                            (
                                "Acolher, atender e orientar sobre o cadastro e a regularização de "
                                "documentos"
                            ),
                            True,
                            (
                                "Correto. O atendimento vem primeiro e a orientação acompanha o "
                                "cuidado."
                            ),
                        ),
                        (
                            "Encaminhá-la à Polícia Federal antes do atendimento",
                            False,
                            (
                                "Incorreto. Situação migratória não é assunto da unidade de saúde "
                                "e não condiciona o cuidado."
                            ),
                        ),
                    ],
                    "explanation": (
                        "O SUS é universal. A unidade deve atender e, em paralelo, apoiar o "
                        "cadastro e orientar sobre documentação."
                    ),
                },
                {
                    "text": (
                        "Quais estratégias favorecem a comunicação com pacientes que não falam "
                        "português?"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Usar linguagem simples e confirmar o entendimento", True, "Correto."),
                        (
                            "Pedir ao filho de oito anos que traduza o diagnóstico",
                            False,
                            "Incorreto. Crianças não devem atuar como intérpretes.",
                        ),
                        ("Oferecer materiais traduzidos e pictogramas", True, "Correto."),
                        (
                            "Registrar no prontuário o idioma preferido",
                            True,
                            "Correto. Isso organiza os próximos atendimentos.",
                        ),
                    ],
                    "explanation": (
                        "Comunicação clara, apoio de intérpretes adultos e registro do idioma "
                        "tornam o cuidado mais seguro."
                    ),
                },
                {
                    "text": (
                        "Qual princípio orienta oferecer apoio adicional a quem enfrenta mais "
                        "barreiras de acesso, como a da língua?"
                    ),
                    "kind": "single",
                    "choices": [
                        (
                            "Equidade",
                            True,
                            (
                                "Correto. Equidade é tratar de forma diferente necessidades "
                                "diferentes."
                            ),
                        ),
                        (
                            "Hierarquização",
                            False,
                            (
                                "Incorreto. A hierarquização trata da organização dos níveis de "
                                "atenção."
                            ),
                        ),
                        (
                            "Descentralização",
                            False,
                            (
                                "Incorreto. A descentralização trata da distribuição de "
                                "responsabilidades entre os entes."
                            ),
                        ),
                    ],
                    "explanation": (
                        "A equidade busca reduzir desigualdades de acesso, oferecendo mais apoio a "
                        "quem mais precisa."
                    ),
                },
                {
                    "text": (
                        "Sobre o comprovante de endereço de pessoas imigrantes, é correto afirmar:"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Muitas vivem em moradias sem contrato em nome próprio", True, "Correto."),
                        (
                            (
                                "A autodeclaração e a visita do ACS ajudam a vincular a pessoa ao "
                                "território"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Sem comprovante em nome próprio, a pessoa não pode ser atendida",
                            False,
                            "Incorreto. A ausência de comprovante não impede o atendimento.",
                        ),
                    ],
                    "explanation": (
                        "A vinculação ao território deve ser facilitada, e não transformada em "
                        "barreira de acesso."
                    ),
                },
            ],
        },
    },
    # 3. Parto humanizado e intercultural
    {
        "title": "Parto humanizado e intercultural",
        "slug": "parto-humanizado-e-intercultural",
        "summary": (
            "Boas práticas de atenção ao pré-natal, ao parto e ao puerpério de mulheres "
            "imigrantes, unindo as recomendações do parto humanizado ao respeito às diferenças "
            "culturais e linguísticas."
        ),
        "objectives": [
            "Garantir os direitos da gestante imigrante no pré-natal, no parto e no puerpério",
            "Aplicar práticas de parto humanizado baseadas em evidências",
            "Dialogar com práticas culturais relacionadas ao nascimento",
            "Orientar sobre o registro civil e a documentação do recém-nascido",
        ],
        "audience_secretariats": ["SMS"],
        "audience_job_titles": (
            "Enfermeiras obstétricas, obstetrizes, médicos obstetras, equipes de maternidades e de "
            "pré-natal das UBS"
        ),
        "hours": 16,
        "modality": "blended",
        "language": "pt-br",
        "topics": ["saúde", "saúde da mulher", "parto", "interculturalidade"],
        "goals": ["M07"],
        "lessons": [
            {
                "title": "Direitos da gestante imigrante",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Toda gestante tem direito ao pré-natal no SUS, independentemente de "
                            "sua situação documental. Quanto mais cedo ele começar, melhor: o "
                            "acompanhamento inclui consultas, exames, vacinas, orientações sobre "
                            "alimentação e sinais de alerta e o registro na Caderneta da Gestante. "
                            "Para muitas mulheres imigrantes, o pré-natal é o primeiro contato com "
                            "o sistema de saúde brasileiro, e a forma como são recebidas "
                            "influencia todo o vínculo com a rede."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Dois direitos merecem destaque. A <b>Lei 11.108/2005</b> garante à "
                            "parturiente um acompanhante de sua livre escolha durante o trabalho "
                            "de parto, o parto e o pós-parto imediato. A <b>Lei 11.634/2007</b> "
                            "assegura à gestante o direito de conhecer previamente a maternidade "
                            "onde será atendida e de estar vinculada a ela. Explique esses "
                            "direitos no idioma da mulher, com apoio de intérprete se necessário, "
                            "e ajude-a a visitar a maternidade de referência."
                        ),
                    ),
                    (
                        "callout",
                        "Importante",
                        (
                            "A gestante não precisa apresentar documento brasileiro para fazer o "
                            "pré-natal ou ser atendida na maternidade. Em trabalho de parto, "
                            "nenhum serviço pode recusar atendimento."
                        ),
                    ),
                ],
            },
            {
                "title": "Práticas de parto humanizado",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "As recomendações da Organização Mundial da Saúde para uma experiência "
                            "positiva de parto valem para todas as mulheres: presença de "
                            "acompanhante, liberdade de movimentação e de escolha da posição, "
                            "oferta de líquidos e alimentos leves nos partos de baixo risco, "
                            "métodos não farmacológicos de alívio da dor (banho morno, massagem, "
                            "bola, respiração) e analgesia quando desejada. Intervenções de rotina "
                            "sem indicação, como a episiotomia, devem ser evitadas, e a manobra de "
                            "Kristeller não é recomendada."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Após o nascimento, o <b>contato pele a pele</b> imediato, o "
                            "clampeamento oportuno do cordão umbilical e o início da amamentação "
                            "na primeira hora favorecem a saúde da mulher e do bebê."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A <b>violência obstétrica</b> inclui procedimentos sem consentimento, "
                            "comentários humilhantes, negação de acompanhante e descaso com a dor. "
                            "Mulheres imigrantes podem estar mais expostas por não dominarem o "
                            "idioma, não conhecerem seus direitos ou temerem represálias ligadas "
                            "aos documentos."
                        ),
                    ),
                    (
                        "callout",
                        "Consentimento informado",
                        (
                            "O consentimento só é válido quando a mulher compreende o que está "
                            "sendo proposto. Sempre que houver barreira de idioma, recorra a "
                            "intérprete ou mediação cultural."
                        ),
                    ),
                ],
            },
            {
                "title": "Culturas do nascer",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O nascimento é cercado de significados culturais e religiosos. "
                            "Mulheres de tradições andinas podem preferir o parto em posição "
                            "vertical ou de cócoras e valorizar manter o corpo aquecido. Em muitas "
                            "culturas há chás, alimentos e períodos de resguardo específicos no "
                            "pós-parto, além de costumes sobre o destino da placenta. Algumas "
                            "mulheres preferem ser atendidas por profissionais mulheres, mantêm o "
                            "cabelo coberto por motivos religiosos ou desejam fazer orações no "
                            "momento do parto."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O caminho é perguntar, ainda no pré-natal, o que é importante para "
                            "ela e para a família, sem presumir nada a partir da nacionalidade. "
                            "Acolha tudo o que for seguro, negocie alternativas quando houver "
                            "risco e, quando algo não for possível, explique claramente o motivo. "
                            "Cuidado intercultural não é aceitar tudo nem impor a rotina do "
                            "serviço: é construir decisões compartilhadas."
                        ),
                    ),
                    (
                        "callout",
                        "Plano de parto",
                        (
                            "Ofereça o plano de parto traduzido ou preencha-o com apoio de "
                            "intérprete durante o pré-natal. Ele ajuda a equipe da maternidade a "
                            "conhecer as preferências da mulher antes da chegada."
                        ),
                    ),
                ],
            },
            {
                "title": "Puerpério, registro civil e rede de apoio",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A criança nascida no Brasil é <b>brasileira nata</b>, ainda que seus "
                            "pais sejam estrangeiros, desde que estes não estejam a serviço de seu "
                            "país (Constituição Federal, art. 12, I, “a”). A maternidade emite a "
                            "Declaração de Nascido Vivo, e o registro de nascimento em cartório é "
                            "gratuito (Lei 9.534/1997). A situação migratória dos pais não impede "
                            "o registro; oriente a família a fazê-lo o quanto antes."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "No puerpério, garanta a consulta puerperal, a vacinação e o teste do "
                            "pezinho do bebê e o apoio à amamentação. Isolamento, falta de rede "
                            "familiar e barreiras de idioma aumentam o risco de sofrimento "
                            "psíquico; fique atenta a sinais de depressão pós-parto. Se houver "
                            "vulnerabilidade social, articule o acompanhamento com o CRAS."
                        ),
                    ),
                    (
                        "callout",
                        "Rede de proteção",
                        (
                            "Articule a alta com a UBS de referência. Em caso de violência contra "
                            "a mulher, o Ligue 180 atende gratuitamente, e a Lei Maria da Penha "
                            "protege todas as mulheres, independentemente da nacionalidade."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Parto humanizado e intercultural",
            "questions": [
                {
                    "text": (
                        "O direito a acompanhante durante o trabalho de parto, o parto e o "
                        "pós-parto imediato está previsto em qual norma?"
                    ),
                    "kind": "single",
                    "choices": [
                        ("Lei 11.108/2005", True, "Correto."),
                        (
                            "Lei 7.716/1989",
                            False,
                            "Incorreto. Essa lei trata dos crimes de racismo e discriminação.",
                        ),
                        ("Lei 9.474/1997", False, "Incorreto. Essa lei trata do refúgio."),
                    ],
                    "explanation": (
                        "A Lei 11.108/2005 garante acompanhante de livre escolha da mulher no SUS, "
                        "inclusive para gestantes imigrantes."
                    ),
                },
                {
                    "text": "São práticas recomendadas no parto de baixo risco:",
                    "kind": "multiple",
                    "choices": [
                        ("Liberdade de movimentação e de posição", True, "Correto."),
                        ("Contato pele a pele imediato após o nascimento", True, "Correto."),
                        (
                            "Episiotomia de rotina",
                            False,
                            "Incorreto. A episiotomia de rotina não é recomendada.",
                        ),
                        ("Métodos não farmacológicos de alívio da dor", True, "Correto."),
                    ],
                    "explanation": (
                        "As recomendações da OMS valorizam a autonomia da mulher e evitam "
                        "intervenções sem indicação clínica."
                    ),
                },
                {
                    "text": (
                        "Um bebê, filho de pais bolivianos sem documentos regulares, nasce em uma "
                        "maternidade de São Paulo. Nesse caso:"
                    ),
                    "kind": "single",
                    "choices": [
                        (
                            "A criança é brasileira nata e tem direito ao registro gratuito",
                            True,
                            "Correto. Vale o critério do nascimento em território brasileiro.",
                        ),
                        (
                            "A criança só poderá ser registrada após a regularização dos pais",
                            False,
                            "Incorreto. A situação migratória dos pais não impede o registro.",
                        ),
                        (
                            "A criança terá apenas a nacionalidade boliviana",
                            False,
                            "Incorreto. Nascida no Brasil, a criança é brasileira nata.",
                        ),
                    ],
                    "explanation": (
                        "A Constituição garante a nacionalidade brasileira a quem nasce no país, e "
                        "o registro civil de nascimento é gratuito."
                    ),
                },
                {
                    "text": (
                        "Diante de uma prática cultural solicitada pela gestante, a equipe deve:"
                    ),
                    "kind": "multiple",
                    "choices": [
                        (
                            "Perguntar o significado da prática e registrá-la no plano de parto",
                            True,
                            "Correto.",
                        ),
                        (
                            (
                                "Acolher o que for seguro e explicar com clareza quando algo não "
                                "for possível"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Proibir qualquer prática diferente da rotina do serviço",
                            False,
                            "Incorreto. Isso desrespeita a autonomia e a cultura da mulher.",
                        ),
                    ],
                    "explanation": (
                        "O cuidado intercultural se baseia em diálogo e decisões compartilhadas, "
                        "preservando a segurança da mulher e do bebê."
                    ),
                },
            ],
        },
    },
    # 4. Acolhimento de estudantes imigrantes na escola
    {
        "title": "Acolhimento de estudantes imigrantes na escola",
        "slug": "acolhimento-estudantes-imigrantes-escola",
        "summary": (
            "Como garantir a matrícula, a permanência e a aprendizagem de estudantes imigrantes na "
            "Rede Municipal de Ensino, com práticas de acolhimento e prevenção à discriminação."
        ),
        "objectives": [
            "Conhecer as normas que garantem a matrícula sem exigência de documentação",
            "Organizar o acolhimento da família e do estudante na chegada",
            "Planejar práticas pedagógicas interculturais",
            "Prevenir e enfrentar o bullying e a xenofobia na escola",
        ],
        "audience_secretariats": ["SME"],
        "audience_job_titles": (
            "Diretores, coordenadores pedagógicos, professores, secretários de escola e auxiliares "
            "técnicos de educação"
        ),
        "hours": 10,
        "modality": "online",
        "language": "pt-br",
        "topics": ["educação", "matrícula", "interculturalidade"],
        "goals": ["M02"],
        "lessons": [
            {
                "title": "Matrícula é direito",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A educação é direito de todos (Constituição Federal, art. 205), e o "
                            "Estatuto da Criança e do Adolescente garante igualdade de condições "
                            "para o acesso e a permanência na escola. A Lei de Migração assegura "
                            "ao migrante o direito à educação pública, vedada a discriminação em "
                            "razão da nacionalidade e da condição migratória (art. 4º, X)."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A <b>Resolução CNE/CEB nº 1/2020</b> detalha esse direito: a "
                            "matrícula de crianças e adolescentes migrantes, refugiados, apátridas "
                            "e solicitantes de refúgio deve ser garantida sem exigência de "
                            "documentação comprobatória de escolaridade anterior. Também não são "
                            "impedimento a falta de tradução juramentada, a ausência de documentos "
                            "pessoais do país de origem ou do registro migratório, a situação "
                            "migratória irregular ou documentos com prazo de validade vencido. A "
                            "regra vale também para a Educação de Jovens e Adultos."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Sem documentos escolares, o estudante passa por avaliação para "
                            "definir o ano adequado, considerando seu desenvolvimento e sua idade, "
                            "preferencialmente em sua língua materna. Na educação infantil e no "
                            "primeiro ano do ensino fundamental, vale apenas o critério da idade."
                        ),
                    ),
                    (
                        "callout",
                        "Na secretaria da escola",
                        (
                            "Nunca condicione a matrícula à apresentação de registro migratório, "
                            "CPF ou histórico traduzido. Matricule e, em paralelo, oriente a "
                            "família sobre a documentação."
                        ),
                    ),
                ],
            },
            {
                "title": "Acolher a família e o estudante",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A chegada à escola é um momento decisivo. Uma conversa de acolhimento "
                            "com a família, com apoio de intérprete ou de alguém da comunidade, "
                            "ajuda a conhecer as línguas faladas, a trajetória escolar, eventuais "
                            "interrupções nos estudos, necessidades de saúde, restrições "
                            "alimentares de origem religiosa ou cultural e experiências difíceis "
                            "vividas durante a migração."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Apresente a escola de forma concreta: rotina, horários, calendário, "
                            "alimentação escolar, materiais, uniforme, canais de comunicação e "
                            "reuniões. Bilhetes e comunicados em linguagem simples, com imagens ou "
                            "traduzidos, aproximam as famílias. Na turma, um colega tutor pode "
                            "ajudar o recém-chegado a se orientar nas primeiras semanas."
                        ),
                    ),
                    (
                        "callout",
                        "Boa prática",
                        (
                            "Aprender a pronunciar corretamente o nome do estudante é um gesto "
                            "simples de respeito. Não troque, aportuguese nem abrevie o nome sem o "
                            "consentimento dele e da família."
                        ),
                    ),
                ],
            },
            {
                "title": "Interculturalidade no currículo",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A mesma Resolução CNE/CEB nº 1/2020 orienta as escolas a evitar a "
                            "segregação entre estudantes brasileiros e imigrantes, formando "
                            "classes comuns, a capacitar professores e funcionários, a desenvolver "
                            "atividades que valorizem a cultura dos estudantes e a oferecer o "
                            "ensino de português como língua de acolhimento."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Interculturalidade vai além de apresentar culturas em datas "
                            "comemorativas. Mapear com a turma as origens das famílias, comparar "
                            "línguas, ler literatura de diferentes países, convidar familiares "
                            "para compartilhar saberes e discutir migrações em História e "
                            "Geografia são caminhos possíveis. Cuidado com a <i>folclorização</i>, "
                            "que reduz uma cultura a comidas e roupas típicas."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Na avaliação, considere o tempo de aprendizagem do português e "
                            "diferencie dificuldades de língua de dificuldades de aprendizagem, "
                            "evitando encaminhamentos precipitados."
                        ),
                    ),
                    (
                        "callout",
                        "Ideia para a sala de aula",
                        (
                            "Monte com a turma um mural das línguas: cada estudante ensina uma "
                            "saudação na língua da sua família, e todos aprendem a dizê-la. A "
                            "atividade valoriza todos os repertórios, inclusive os sotaques e "
                            "falares regionais brasileiros."
                        ),
                    ),
                ],
            },
            {
                "title": "Bullying, xenofobia e racismo na escola",
                "required": False,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Apelidos relacionados à origem, imitações de sotaque, ofensas ligadas "
                            "à cor da pele e frases como “volta para o seu país” são formas de "
                            "violência. A Lei 13.185/2015 instituiu o Programa de Combate à "
                            "Intimidação Sistemática (bullying), e a LDB determina o ensino de "
                            "história e cultura afro-brasileira e indígena, base importante para "
                            "enfrentar o racismo que também atinge estudantes imigrantes negros e "
                            "indígenas."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Diante de uma situação, intervenha imediatamente, acolha quem foi "
                            "ofendido, converse com os autores e com as famílias, registre o "
                            "ocorrido e trabalhe o tema com toda a turma. Em casos graves ou de "
                            "violação de direitos, acione o Conselho Tutelar."
                        ),
                    ),
                    (
                        "callout",
                        "Lembre-se",
                        (
                            "O silêncio diante de uma ofensa ensina que ela é aceitável. A "
                            "intervenção do adulto faz parte do processo educativo."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Acolhimento de estudantes imigrantes",
            "questions": [
                {
                    "text": (
                        "Uma família haitiana deseja matricular o filho de dez anos, que não tem "
                        "histórico escolar. A escola deve:"
                    ),
                    "kind": "single",
                    "choices": [
                        (
                            "Matricular e realizar avaliação para definir o ano adequado",
                            True,
                            "Correto. É o que prevê a Resolução CNE/CEB nº 1/2020.",
                        ),
                        (
                            "Exigir histórico escolar com tradução juramentada",
                            False,
                            "Incorreto. A falta de documentação escolar não impede a matrícula.",
                        ),
                        (
                            "Aguardar a emissão do registro migratório",
                            False,
                            "Incorreto. O registro migratório não é condição para a matrícula.",
                        ),
                    ],
                    "explanation": (
                        "A matrícula deve ser garantida de imediato, e a avaliação serve para "
                        "posicionar o estudante, não para barrar seu acesso."
                    ),
                },
                {
                    "text": "Quais afirmações estão de acordo com a Resolução CNE/CEB nº 1/2020?",
                    "kind": "multiple",
                    "choices": [
                        (
                            "A situação migratória irregular não impede a matrícula",
                            True,
                            "Correto.",
                        ),
                        (
                            "A ausência de tradução juramentada não impede a matrícula",
                            True,
                            "Correto.",
                        ),
                        (
                            "Estudantes imigrantes devem ser agrupados em classes separadas",
                            False,
                            "Incorreto. A resolução orienta a formação de classes comuns.",
                        ),
                        (
                            "Na educação infantil, a matrícula segue apenas o critério da idade",
                            True,
                            "Correto.",
                        ),
                    ],
                    "explanation": (
                        "A resolução remove barreiras documentais e orienta um acolhimento sem "
                        "segregação."
                    ),
                },
                {
                    "text": "Qual destas é uma prática intercultural adequada?",
                    "kind": "single",
                    "choices": [
                        (
                            (
                                "Valorizar as línguas e as histórias dos estudantes nas atividades "
                                "da turma"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Pedir que o estudante deixe de falar sua língua materna na escola",
                            False,
                            (
                                "Incorreto. A língua materna é parte da identidade e apoia a "
                                "aprendizagem."
                            ),
                        ),
                        (
                            "Abordar outras culturas apenas em festas de comidas típicas",
                            False,
                            "Incorreto. Isso reduz as culturas a estereótipos.",
                        ),
                    ],
                    "explanation": (
                        "A interculturalidade reconhece os saberes dos estudantes como parte do "
                        "currículo."
                    ),
                },
                {
                    "text": (
                        "Um estudante imigrante é chamado repetidamente por apelidos ligados à sua "
                        "origem. A conduta mais adequada é:"
                    ),
                    "kind": "single",
                    "choices": [
                        (
                            (
                                "Intervir, acolher o estudante, dialogar com os envolvidos e as "
                                "famílias e trabalhar o tema com a turma"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Esperar para ver se a situação se resolve sozinha",
                            False,
                            "Incorreto. A omissão legitima a violência.",
                        ),
                        (
                            "Transferir o estudante imigrante de turma",
                            False,
                            "Incorreto. Isso penaliza quem sofreu a violência.",
                        ),
                    ],
                    "explanation": (
                        "O enfrentamento do bullying exige intervenção imediata e trabalho "
                        "educativo com todo o grupo."
                    ),
                },
            ],
        },
    },
    # 5. Português como Língua de Acolhimento – formação docente
    {
        "title": "Português como Língua de Acolhimento – formação docente",
        "slug": "portugues-lingua-de-acolhimento-formacao-docente",
        "summary": (
            "Fundamentos e práticas do ensino de Português como Língua de Acolhimento (PLAc) para "
            "professores que atuam com estudantes e adultos imigrantes."
        ),
        "objectives": [
            (
                "Compreender o conceito de língua de acolhimento e o que o diferencia da língua "
                "estrangeira"
            ),
            "Planejar aulas a partir das necessidades comunicativas reais dos aprendizes",
            "Trabalhar com turmas heterogêneas e multilíngues",
            "Avaliar o desenvolvimento linguístico de forma formativa",
        ],
        "audience_secretariats": ["SME"],
        "audience_job_titles": (
            "Professores da educação básica e da EJA, professores de língua portuguesa e "
            "coordenadores pedagógicos"
        ),
        "hours": 20,
        "modality": "online",
        "language": "pt-br",
        "topics": ["educação", "língua portuguesa", "interculturalidade"],
        "goals": ["M09"],
        "lessons": [
            {
                "title": "O que é língua de acolhimento",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O conceito de <b>língua de acolhimento</b> surgiu em Portugal, no "
                            "ensino de português a imigrantes adultos, e ganhou força no Brasil "
                            "com a chegada de novos fluxos migratórios. Ele destaca uma diferença "
                            "importante: a língua estrangeira costuma ser aprendida por escolha, "
                            "com tempo e em contexto escolar; a língua de acolhimento é uma "
                            "necessidade imediata de quem precisa reconstruir a vida em outro país."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Para o aprendiz imigrante, o português é o caminho para matricular os "
                            "filhos, passar em uma consulta, procurar emprego, alugar uma casa e "
                            "conhecer seus direitos. Por isso, o ensino de PLAc está ligado à "
                            "inserção social, à autonomia e à cidadania, e não apenas ao domínio "
                            "de estruturas gramaticais."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Os aprendizes chegam com repertórios ricos: falam espanhol, crioulo "
                            "haitiano, francês, árabe, lingala, quéchua, inglês e muitas outras "
                            "línguas. Alguns têm formação universitária; outros tiveram pouca "
                            "escolarização ou foram alfabetizados em outro sistema de escrita."
                        ),
                    ),
                    (
                        "callout",
                        "Atenção",
                        (
                            "Acolher não é infantilizar. Adultos imigrantes têm saberes e "
                            "trajetórias profissionais, e o material didático deve respeitar sua "
                            "idade e sua experiência."
                        ),
                    ),
                ],
            },
            {
                "title": "Planejar a partir de necessidades reais",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O ponto de partida é o levantamento de necessidades: em que situações "
                            "os estudantes precisam usar o português? A partir daí, o planejamento "
                            "se organiza por <b>tarefas</b> e <b>gêneros textuais</b> do "
                            "cotidiano, como preencher um formulário, marcar uma consulta, "
                            "entender um holerite, participar de uma entrevista de emprego, ler um "
                            "bilhete da escola ou interpretar avisos do transporte público."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Uma sequência possível: apresentar um texto autêntico, explorar o "
                            "vocabulário e as estruturas necessárias, praticar em duplas ou grupos "
                            "e concluir com uma tarefa que simule o uso real. O vocabulário dos "
                            "direitos, como CPF, carteira de trabalho, UBS, CRAS, contrato de "
                            "aluguel e boletim de ocorrência, merece lugar de destaque nas aulas."
                        ),
                    ),
                    (
                        "callout",
                        "Exemplo de tarefa",
                        (
                            "Em duplas, os estudantes simulam uma ligação para agendar um "
                            "atendimento. Um faz o papel de atendente e o outro, de usuário; "
                            "depois, cada um anota data, horário e endereço e confere as "
                            "informações com o colega."
                        ),
                    ),
                ],
            },
            {
                "title": "Turmas heterogêneas e multilíngues",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Turmas de PLAc reúnem pessoas com níveis, idades e línguas muito "
                            "diferentes. Falantes de espanhol costumam compreender rapidamente, "
                            "mas enfrentam interferências e falsos cognatos, como “exquisito” "
                            "(delicioso) e “embarazada” (grávida). Falantes de línguas mais "
                            "distantes do português podem precisar de mais tempo nas etapas "
                            "iniciais."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Algumas estratégias ajudam: agrupamentos flexíveis, tarefas com "
                            "diferentes níveis de desafio, monitoria entre colegas e o uso da "
                            "língua materna como recurso para comparar estruturas e esclarecer "
                            "dúvidas. Aprendizes não alfabetizados, ou alfabetizados em outros "
                            "sistemas de escrita, como o árabe, precisam de atividades específicas "
                            "de alfabetização, com atenção à relação entre letras e sons do "
                            "português."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Na pronúncia, sons nasais (como em “mão” e “mãe”), a diferença entre "
                            "vogais abertas e fechadas (“avó” e “avô”) e os diferentes sons do “r” "
                            "costumam exigir prática."
                        ),
                    ),
                ],
            },
            {
                "title": "Avaliação, certificação e o Programa Portas Abertas",
                "required": False,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Em PLAc, a avaliação deve ser principalmente <b>formativa</b>: "
                            "portfólios, autoavaliação, observação do desempenho em tarefas e "
                            "devolutivas que valorizem a capacidade de se comunicar, e não apenas "
                            "a correção gramatical."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Para muitos imigrantes, a certificação tem efeitos práticos. A "
                            "naturalização exige que a pessoa consiga se comunicar em língua "
                            "portuguesa, consideradas as suas condições (Lei 13.445/2017, art. "
                            "65). O Celpe-Bras, exame oficial do governo brasileiro aplicado pelo "
                            "Inep, é um dos comprovantes aceitos; as demais formas de comprovação "
                            "são definidas pelo Ministério da Justiça e Segurança Pública."
                        ),
                    ),
                    (
                        "callout",
                        "Portas Abertas",
                        (
                            "Em São Paulo, o Programa Portas Abertas: Português para Imigrantes, "
                            "das Secretarias Municipais de Educação e de Direitos Humanos e "
                            "Cidadania, oferece cursos gratuitos de português na Rede Municipal de "
                            "Ensino, com aulas ministradas por professores da rede, "
                            "independentemente da nacionalidade ou da situação migratória dos "
                            "estudantes."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Português como Língua de Acolhimento",
            "questions": [
                {
                    "text": "O que distingue a língua de acolhimento da língua estrangeira?",
                    "kind": "single",
                    "choices": [
                        (
                            (
                                "Ela responde a necessidades imediatas de inserção social e de "
                                "acesso a direitos"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Ela é ensinada apenas a crianças",
                            False,
                            "Incorreto. O conceito nasceu justamente no ensino a adultos.",
                        ),
                        (
                            "Ela dispensa o uso de textos autênticos",
                            False,
                            "Incorreto. Textos do cotidiano são centrais no PLAc.",
                        ),
                    ],
                    "explanation": (
                        "A língua de acolhimento está ligada à reconstrução da vida no novo país e "
                        "ao exercício da cidadania."
                    ),
                },
                {
                    "text": "Quais tarefas são adequadas a uma turma de PLAc para adultos?",
                    "kind": "multiple",
                    "choices": [
                        ("Preencher um formulário de cadastro", True, "Correto."),
                        ("Simular uma entrevista de emprego", True, "Correto."),
                        (
                            "Decorar listas de conjugações sem contexto, como única atividade",
                            False,
                            "Incorreto. A gramática deve servir à comunicação em situações reais.",
                        ),
                        ("Ler um bilhete enviado pela escola dos filhos", True, "Correto."),
                    ],
                    "explanation": (
                        "Tarefas ligadas ao cotidiano dão sentido à aprendizagem e preparam para o "
                        "uso real da língua."
                    ),
                },
                {
                    "text": "Em turmas com falantes de espanhol, um desafio comum é:",
                    "kind": "single",
                    "choices": [
                        (
                            "Lidar com falsos cognatos e interferências entre as línguas",
                            True,
                            "Correto.",
                        ),
                        (
                            "A impossibilidade de compreender textos em português",
                            False,
                            "Incorreto. A compreensão costuma ser rápida.",
                        ),
                        (
                            "A ausência total de semelhanças entre as línguas",
                            False,
                            (
                                "Incorreto. As línguas são próximas, o que gera justamente as "
                                "interferências."
                            ),
                        ),
                    ],
                    "explanation": (
                        "A proximidade entre português e espanhol facilita a compreensão, mas "
                        "exige atenção a falsos cognatos e interferências."
                    ),
                },
                {
                    "text": (
                        "Sobre o uso da língua materna dos estudantes em aula, é correto afirmar:"
                    ),
                    "kind": "multiple",
                    "choices": [
                        (
                            "Pode ser um recurso para compreender e comparar estruturas",
                            True,
                            "Correto.",
                        ),
                        ("Valoriza a identidade e o repertório do aprendiz", True, "Correto."),
                        (
                            "Deve ser proibido para acelerar a aprendizagem",
                            False,
                            (
                                "Incorreto. Proibir a língua materna não acelera a aprendizagem e "
                                "desvaloriza o estudante."
                            ),
                        ),
                    ],
                    "explanation": (
                        "A língua materna é um recurso pedagógico e parte da identidade do "
                        "aprendiz."
                    ),
                },
            ],
        },
    },
    # 6. Atendimento socioassistencial a famílias imigrantes (CRAS/CREAS)
    {
        "title": "Atendimento socioassistencial a famílias imigrantes (CRAS/CREAS)",
        "slug": "atendimento-socioassistencial-familias-imigrantes",
        "summary": (
            "O Sistema Único de Assistência Social e o atendimento a famílias imigrantes: acesso a "
            "benefícios e programas, acompanhamento familiar e articulação com trabalho e renda."
        ),
        "objectives": [
            (
                "Garantir o acesso de famílias imigrantes ao Cadastro Único e aos benefícios "
                "socioassistenciais"
            ),
            "Identificar situações de vulnerabilidade e de violação de direitos ligadas à migração",
            "Articular a rede socioassistencial com os serviços de trabalho e renda",
        ],
        "audience_secretariats": ["SMADS", "SMDET"],
        "audience_job_titles": (
            "Assistentes sociais, psicólogos, orientadores socioeducativos, entrevistadores do "
            "Cadastro Único e atendentes dos CATe"
        ),
        "hours": 12,
        "modality": "online",
        "language": "pt-br",
        "topics": ["assistência social", "suas", "trabalho e renda"],
        "goals": ["M03"],
        "lessons": [
            {
                "title": "O SUAS e a população imigrante",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A Constituição Federal (art. 203) determina que a assistência social "
                            "será prestada <b>a quem dela necessitar</b>, independentemente de "
                            "contribuição. A Lei Orgânica da Assistência Social (Lei 8.742/1993) "
                            "organiza o Sistema Único de Assistência Social (SUAS), e a Lei de "
                            "Migração garante ao migrante o acesso à assistência social sem "
                            "discriminação em razão da nacionalidade ou da condição migratória."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Na proteção social básica, o <b>CRAS</b> oferece o Serviço de "
                            "Proteção e Atendimento Integral à Família (PAIF) e é a porta de "
                            "entrada para programas e benefícios. Na proteção social especial, o "
                            "<b>CREAS</b> acompanha famílias e indivíduos com direitos violados "
                            "por meio do PAEFI. Na alta complexidade, os serviços de acolhimento, "
                            "como os centros de acolhida, garantem proteção a quem não tem onde "
                            "ficar; em São Paulo, parte deles é voltada especificamente a "
                            "imigrantes."
                        ),
                    ),
                    (
                        "callout",
                        "Porta aberta",
                        (
                            "Nenhuma família deve sair do CRAS sem orientação por não ter "
                            "documentos. Acolha, escute e registre a demanda; a regularização "
                            "documental pode fazer parte do plano de acompanhamento."
                        ),
                    ),
                ],
            },
            {
                "title": "Cadastro Único e benefícios",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Famílias imigrantes podem ser incluídas no <b>Cadastro Único</b>, "
                            "porta de entrada para programas como o Bolsa Família e a Tarifa "
                            "Social de Energia Elétrica. O responsável familiar precisa informar o "
                            "CPF ou o título de eleitor, o que, no caso de estrangeiros, significa "
                            "o CPF; para os demais integrantes, outros documentos podem ser "
                            "usados. Explique as regras de cada programa e as condicionalidades, "
                            "como frequência escolar, vacinação e acompanhamento pré-natal, em "
                            "linguagem simples."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O Benefício de Prestação Continuada (BPC) também é acessível a "
                            "imigrantes. Ao julgar o Recurso Extraordinário 587.970, em 2017, o "
                            "Supremo Tribunal Federal decidiu que estrangeiros residentes no país "
                            "têm direito ao BPC, desde que atendidos os requisitos constitucionais "
                            "e legais."
                        ),
                    ),
                    (
                        "callout",
                        "Sem CPF?",
                        (
                            "Pessoas estrangeiras podem se inscrever no CPF junto à Receita "
                            "Federal, inclusive com o documento de solicitante de refúgio. Oriente "
                            "o caminho e, se necessário, encaminhe ao CRAI para apoio com a "
                            "documentação."
                        ),
                    ),
                ],
            },
            {
                "title": "Vulnerabilidades e acompanhamento familiar",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Além das vulnerabilidades comuns a outras famílias, imigrantes podem "
                            "enfrentar barreiras de idioma, ausência de rede de apoio, insegurança "
                            "documental, despejos, exploração no trabalho e discriminação. "
                            "Violência doméstica, trabalho infantil e separação forçada de "
                            "familiares exigem acompanhamento especializado no CREAS."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "No acompanhamento, valorize as redes comunitárias, como associações "
                            "de imigrantes, coletivos e organizações religiosas, e evite "
                            "julgamentos sobre a organização familiar: famílias extensas, arranjos "
                            "transnacionais e remessas de dinheiro ao país de origem fazem parte "
                            "de muitas trajetórias migratórias. Construa o plano de acompanhamento "
                            "com a família, com o apoio de intérprete quando preciso."
                        ),
                    ),
                    (
                        "callout",
                        "Sinal de alerta",
                        (
                            "Relatos de jornadas exaustivas, moradia no local de trabalho, dívidas "
                            "com o empregador ou documentos retidos podem indicar trabalho análogo "
                            "à escravidão. Registre as informações e acione a rede de proteção."
                        ),
                    ),
                ],
            },
            {
                "title": "Trabalho e renda: articulação com a SMDET",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Imigrantes com residência autorizada e solicitantes de refúgio podem "
                            "trabalhar com carteira assinada. A Carteira de Trabalho é digital e "
                            "acessada com o CPF; a Lei 9.474/1997 prevê que o protocolo de refúgio "
                            "permite a emissão da carteira de trabalho enquanto o pedido é "
                            "analisado."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Os <b>Centros de Apoio ao Trabalho e Empreendedorismo (CATe)</b>, da "
                            "Secretaria Municipal de Desenvolvimento Econômico e Trabalho, "
                            "oferecem intermediação de mão de obra, orientação sobre "
                            "seguro-desemprego, qualificação profissional e apoio ao "
                            "empreendedorismo. Para quem tem formação superior obtida no exterior, "
                            "informe sobre a revalidação de diplomas, solicitada a universidades "
                            "públicas, inclusive pela Plataforma Carolina Bori, do Ministério da "
                            "Educação."
                        ),
                    ),
                    (
                        "callout",
                        "Encaminhamento qualificado",
                        (
                            "Ao encaminhar, explique o que a pessoa encontrará no outro serviço, "
                            "registre o contato e, se possível, faça o agendamento. Encaminhar não "
                            "é dispensar."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Atendimento socioassistencial a famílias imigrantes",
            "questions": [
                {
                    "text": "Um imigrante com pedido de refúgio em andamento procura o CRAS. Ele:",
                    "kind": "single",
                    "choices": [
                        (
                            (
                                "Pode ser atendido e incluído no Cadastro Único, observados os "
                                "requisitos de cada programa"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Só pode ser atendido após a decisão do Conare",
                            False,
                            (
                                "Incorreto. O solicitante de refúgio tem acesso aos serviços desde "
                                "o pedido."
                            ),
                        ),
                        (
                            "Deve ser encaminhado exclusivamente a organizações não governamentais",
                            False,
                            "Incorreto. O atendimento é dever do SUAS.",
                        ),
                    ],
                    "explanation": (
                        "A assistência social é prestada a quem dela necessitar, e a Lei de "
                        "Migração veda a discriminação por condição migratória."
                    ),
                },
                {
                    "text": (
                        "Quais situações indicam violação de direitos que exige acompanhamento "
                        "especializado no CREAS?"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Violência doméstica", True, "Correto."),
                        ("Trabalho infantil", True, "Correto."),
                        (
                            "Pedido de informação sobre o horário de funcionamento do CRAS",
                            False,
                            (
                                "Incorreto. Trata-se de uma demanda de informação, sem violação de "
                                "direitos."
                            ),
                        ),
                        (
                            "Documentos retidos pelo empregador",
                            True,
                            "Correto. Pode indicar trabalho análogo à escravidão.",
                        ),
                    ],
                    "explanation": (
                        "O CREAS acompanha famílias e indivíduos em situação de violação de "
                        "direitos, em articulação com a rede."
                    ),
                },
                {
                    "text": "Segundo o STF (RE 587.970), estrangeiros residentes no Brasil:",
                    "kind": "single",
                    "choices": [
                        (
                            "Têm direito ao BPC, desde que cumpram os requisitos legais",
                            True,
                            "Correto.",
                        ),
                        ("Não podem receber nenhum benefício assistencial", False, "Incorreto."),
                        (
                            "Só recebem o BPC após a naturalização",
                            False,
                            "Incorreto. A naturalização não é requisito.",
                        ),
                    ],
                    "explanation": (
                        "O STF reconheceu que estrangeiros residentes são beneficiários da "
                        "assistência social prevista no art. 203 da Constituição."
                    ),
                },
                {
                    "text": "São boas práticas de encaminhamento:",
                    "kind": "multiple",
                    "choices": [
                        ("Explicar o que a pessoa encontrará no outro serviço", True, "Correto."),
                        (
                            "Entregar apenas um endereço anotado em papel",
                            False,
                            (
                                "Incorreto. Sem explicação e contato, o encaminhamento tende a se "
                                "perder."
                            ),
                        ),
                        ("Registrar o encaminhamento e acompanhar o retorno", True, "Correto."),
                    ],
                    "explanation": (
                        "Um encaminhamento qualificado garante que a pessoa chegue ao serviço "
                        "certo e seja de fato atendida."
                    ),
                },
            ],
        },
    },
    # 7. Proteção integral de crianças e adolescentes imigrantes
    {
        "title": "Proteção integral de crianças e adolescentes imigrantes",
        "slug": "protecao-integral-criancas-adolescentes-imigrantes",
        "summary": (
            "A doutrina da proteção integral aplicada a crianças e adolescentes imigrantes: "
            "educação infantil e cuidado, crianças desacompanhadas ou separadas e enfrentamento de "
            "violências."
        ),
        "objectives": [
            (
                "Aplicar o ECA a crianças e adolescentes imigrantes, independentemente da situação "
                "migratória"
            ),
            (
                "Garantir o acesso de crianças imigrantes à educação infantil e aos serviços de "
                "cuidado"
            ),
            "Identificar e encaminhar crianças e adolescentes desacompanhados ou separados",
            "Reconhecer sinais de violência, trabalho infantil e tráfico de pessoas",
        ],
        "audience_secretariats": ["SME", "SMADS"],
        "audience_job_titles": (
            "Professores e gestores da educação infantil, assistentes sociais, educadores de "
            "serviços de acolhimento e técnicos da proteção social especial"
        ),
        "hours": 10,
        "modality": "online",
        "language": "pt-br",
        "topics": ["infância", "proteção", "direitos humanos"],
        "goals": ["M04"],
        "lessons": [
            {
                "title": "Proteção integral sem distinção",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A Constituição Federal (art. 227) determina que é dever da família, "
                            "da sociedade e do Estado assegurar à criança e ao adolescente, com "
                            "<b>absoluta prioridade</b>, os direitos à vida, à saúde, à "
                            "alimentação, à educação, ao lazer, à convivência familiar e "
                            "comunitária, entre outros, e protegê-los de toda forma de "
                            "negligência, discriminação, exploração e violência."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O Estatuto da Criança e do Adolescente (Lei 8.069/1990) aplica esses "
                            "direitos a todas as crianças e adolescentes, sem discriminação de "
                            "qualquer natureza. A Convenção sobre os Direitos da Criança, "
                            "promulgada no Brasil pelo Decreto 99.710/1990, proíbe expressamente a "
                            "discriminação por origem nacional e estabelece que o <b>interesse "
                            "superior da criança</b> deve orientar todas as decisões que a afetam."
                        ),
                    ),
                    (
                        "callout",
                        "Em resumo",
                        (
                            "Uma criança imigrante é, antes de tudo, uma criança. A nacionalidade "
                            "e a situação migratória dela ou de sua família não reduzem nenhum dos "
                            "seus direitos."
                        ),
                    ),
                ],
            },
            {
                "title": "Educação infantil e cuidado",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A educação infantil em creche e pré-escola é direito da criança, e a "
                            "pré-escola é obrigatória a partir dos quatro anos. A Resolução "
                            "CNE/CEB nº 1/2020 garante a matrícula de crianças migrantes sem "
                            "exigência de documentos e determina que, na educação infantil, o "
                            "critério seja apenas a idade; nas creches, a matrícula segue a "
                            "disponibilidade de vagas."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A adaptação merece atenção especial. Converse com a família sobre "
                            "hábitos de sono, alimentação, higiene e cuidados com o cabelo e o "
                            "corpo, sobre restrições alimentares religiosas e sobre como a criança "
                            "costuma ser consolada. Uma adaptação gradual, com a presença de um "
                            "familiar, dá segurança à criança e à família. Use imagens, gestos e, "
                            "sempre que possível, intérpretes nas conversas com os responsáveis."
                        ),
                    ),
                    (
                        "callout",
                        "Dica",
                        (
                            "Peça à família que ensine algumas palavras na língua da criança, como "
                            "água, banheiro, dormir e mamãe. Ouvir a própria língua na adaptação "
                            "traz conforto."
                        ),
                    ),
                ],
            },
            {
                "title": "Crianças desacompanhadas ou separadas",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "<b>Desacompanhada</b> é a criança ou o adolescente que está sem "
                            "nenhum adulto responsável. <b>Separada</b> é a criança que está com "
                            "um adulto, como um tio ou um vizinho, que não é seu responsável "
                            "legal. As duas situações exigem proteção imediata."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A <b>Resolução Conjunta nº 1/2017</b>, do Conanda, do Conare, do "
                            "Conselho Nacional de Imigração e da Defensoria Pública da União, "
                            "estabelece procedimentos de identificação preliminar, atenção e "
                            "proteção a essas crianças e adolescentes. A Defensoria Pública da "
                            "União participa da entrevista inicial e pode solicitar a documentação "
                            "e a regularização migratória, enquanto o Conselho Tutelar e a Justiça "
                            "da Infância e da Juventude definem as medidas de proteção necessárias."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A escuta deve ser adequada à idade e evitar a revitimização. A Lei "
                            "13.431/2017 prevê a escuta especializada de crianças e adolescentes "
                            "vítimas ou testemunhas de violência, para que não precisem repetir "
                            "sua história a vários profissionais."
                        ),
                    ),
                    (
                        "callout",
                        "Fluxo básico",
                        (
                            "Acolha, garanta proteção imediata, comunique o Conselho Tutelar e a "
                            "Defensoria Pública e registre as informações com cuidado."
                        ),
                    ),
                ],
            },
            {
                "title": "Violências, trabalho infantil e tráfico de pessoas",
                "required": False,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Alguns sinais pedem atenção: faltas frequentes, cansaço excessivo, "
                            "machucados sem explicação, crianças que cuidam dos irmãos o dia todo "
                            "ou que passam longas horas em oficinas de costura e comércios, e "
                            "adolescentes acompanhados por adultos que falam sempre por eles e "
                            "guardam seus documentos."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A Constituição proíbe qualquer trabalho a menores de 16 anos, salvo "
                            "na condição de aprendiz a partir dos 14, e o trabalho noturno, "
                            "perigoso ou insalubre a menores de 18 (art. 7º, XXXIII). O tráfico de "
                            "pessoas é crime previsto no art. 149-A do Código Penal. Denúncias de "
                            "violência contra crianças e adolescentes podem ser feitas ao Disque "
                            "100."
                        ),
                    ),
                    (
                        "callout",
                        "Dever de comunicar",
                        (
                            "Casos suspeitos ou confirmados de maus-tratos devem ser comunicados "
                            "ao Conselho Tutelar (ECA, art. 13), e a omissão de médicos, "
                            "professores e responsáveis por estabelecimentos de saúde e de ensino "
                            "é infração administrativa (ECA, art. 245). A situação migratória da "
                            "família não afasta esse dever."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Proteção integral de crianças e adolescentes imigrantes",
            "questions": [
                {
                    "text": (
                        "Uma adolescente de 15 anos chega ao serviço acompanhada de um vizinho "
                        "adulto, sem os pais ou responsáveis legais. Ela é considerada:"
                    ),
                    "kind": "single",
                    "choices": [
                        (
                            "Adolescente separada",
                            True,
                            "Correto. Ela está com um adulto que não é seu responsável legal.",
                        ),
                        (
                            "Adolescente desacompanhada",
                            False,
                            "Incorreto. Desacompanhada é quem está sem nenhum adulto.",
                        ),
                        (
                            "Adolescente em situação regular, sem necessidade de providências",
                            False,
                            "Incorreto. A situação exige medidas de proteção.",
                        ),
                    ],
                    "explanation": (
                        "Crianças e adolescentes separados também precisam de proteção, conforme a "
                        "Resolução Conjunta nº 1/2017."
                    ),
                },
                {
                    "text": (
                        "Sobre a matrícula de crianças imigrantes na educação infantil, é correto "
                        "afirmar:"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Ela segue apenas o critério da idade", True, "Correto."),
                        ("A falta de documentos não impede a matrícula", True, "Correto."),
                        (
                            "Ela exige comprovação de escolaridade anterior",
                            False,
                            "Incorreto. Não há essa exigência.",
                        ),
                    ],
                    "explanation": (
                        "A Resolução CNE/CEB nº 1/2020 remove barreiras documentais e adota o "
                        "critério etário na educação infantil."
                    ),
                },
                {
                    "text": "Quais sinais podem indicar trabalho infantil ou exploração?",
                    "kind": "multiple",
                    "choices": [
                        ("Faltas frequentes e cansaço excessivo", True, "Correto."),
                        ("Permanência prolongada em oficinas ou comércios", True, "Correto."),
                        (
                            "Um adulto que sempre fala pela adolescente e guarda seus documentos",
                            True,
                            "Correto.",
                        ),
                        (
                            "Participação em atividades esportivas da escola",
                            False,
                            "Incorreto. Não é, por si só, sinal de risco.",
                        ),
                    ],
                    "explanation": (
                        "Nenhum sinal isolado comprova exploração, mas a combinação deles exige "
                        "atenção e comunicação à rede de proteção."
                    ),
                },
                {
                    "text": (
                        "Diante de suspeita de maus-tratos contra uma criança imigrante, o "
                        "profissional deve:"
                    ),
                    "kind": "single",
                    "choices": [
                        ("Comunicar o Conselho Tutelar", True, "Correto. É o que determina o ECA."),
                        (
                            "Aguardar a regularização migratória da família",
                            False,
                            "Incorreto. A proteção da criança não pode esperar.",
                        ),
                        (
                            "Acionar a Polícia Federal para verificar os documentos da família",
                            False,
                            (
                                "Incorreto. A situação migratória não é o foco e pode afastar a "
                                "família da rede de proteção."
                            ),
                        ),
                    ],
                    "explanation": (
                        "O dever de comunicar ao Conselho Tutelar vale para todas as crianças, "
                        "independentemente da nacionalidade."
                    ),
                },
            ],
        },
    },
    # 8. Atendimento humanizado a pessoas LGBTI+ imigrantes
    {
        "title": "Atendimento humanizado a pessoas LGBTI+ imigrantes",
        "slug": "atendimento-humanizado-lgbti-imigrantes",
        "summary": (
            "Conceitos, direitos e práticas para acolher pessoas LGBTI+ imigrantes e refugiadas, "
            "com respeito ao nome social, à identidade de gênero e ao sigilo."
        ),
        "objectives": [
            (
                "Compreender os conceitos de orientação sexual, identidade de gênero e expressão "
                "de gênero"
            ),
            (
                "Reconhecer a perseguição por orientação sexual ou identidade de gênero como "
                "fundamento de refúgio"
            ),
            "Garantir o uso do nome social e dos pronomes adequados",
            "Conhecer a rede de proteção LGBTI+ da cidade",
        ],
        "audience_secretariats": ["SMDHC", "SMS", "SMADS"],
        "audience_job_titles": (
            "Equipes dos Centros de Cidadania LGBTI, profissionais de saúde, assistentes sociais e "
            "atendentes de serviços públicos"
        ),
        "hours": 6,
        "modality": "online",
        "language": "pt-br",
        "topics": ["lgbti+", "direitos humanos", "nome social"],
        "goals": ["M06"],
        "lessons": [
            {
                "title": "Conceitos básicos",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "<b>Orientação sexual</b> diz respeito a por quem a pessoa sente "
                            "atração afetiva e sexual; por exemplo, lésbicas, gays e bissexuais. "
                            "<b>Identidade de gênero</b> é o gênero com o qual a pessoa se "
                            "identifica, que pode ou não corresponder ao sexo atribuído no "
                            "nascimento: pessoas cisgênero, mulheres e homens trans, travestis e "
                            "pessoas não binárias. <b>Expressão de gênero</b> é a forma como a "
                            "pessoa manifesta seu gênero, por meio de roupas, cabelo, voz e "
                            "gestos. Pessoas <b>intersexo</b> nascem com características sexuais "
                            "que não se encaixam nas definições típicas de masculino ou feminino."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A sigla LGBTI+ reúne essas experiências, mas os termos variam entre "
                            "culturas e idiomas. Algumas pessoas imigrantes não usam essas "
                            "palavras para falar de si mesmas, e isso deve ser respeitado. O "
                            "importante é acolher a pessoa como ela se apresenta, sem impor "
                            "rótulos."
                        ),
                    ),
                    (
                        "callout",
                        "Na dúvida, pergunte",
                        (
                            "“Como você prefere ser chamada?” ou “Como prefere que eu me refira a "
                            "você?” são perguntas respeitosas. Faça-as de forma reservada, sem "
                            "expor a pessoa diante de outras."
                        ),
                    ),
                ],
            },
            {
                "title": "Migrar para sobreviver",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Relações entre pessoas do mesmo sexo ainda são criminalizadas em "
                            "vários países, em alguns casos com penas severas, e pessoas trans "
                            "enfrentam perseguição em muitos lugares. Por isso, muitas pessoas "
                            "LGBTI+ migram para sobreviver. No Brasil, o fundado temor de "
                            "perseguição por orientação sexual ou identidade de gênero pode "
                            "fundamentar o reconhecimento da condição de refugiado, por "
                            "pertencimento a um grupo social (Lei 9.474/1997, art. 1º, I)."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Essas pessoas podem carregar violências vividas no país de origem e "
                            "no trajeto, rejeição familiar e, às vezes, rejeição dentro da própria "
                            "comunidade de imigrantes no Brasil. Isso dificulta o acesso a "
                            "moradia, trabalho e redes de apoio e aumenta o risco de exploração."
                        ),
                    ),
                    (
                        "callout",
                        "Sigilo",
                        (
                            "Nunca revele a orientação sexual ou a identidade de gênero de alguém "
                            "a familiares, conhecidos ou colegas sem necessidade e sem "
                            "consentimento. Prefira intérpretes profissionais, comprometidos com o "
                            "sigilo, a intérpretes da própria comunidade."
                        ),
                    ),
                ],
            },
            {
                "title": "Nome social e direitos",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O <b>nome social</b> é aquele pelo qual travestis e pessoas trans se "
                            "reconhecem e são reconhecidas socialmente. Na Prefeitura de São "
                            "Paulo, seu uso é garantido pelo Decreto municipal 58.228/2018; na "
                            "administração federal, pelo Decreto 8.727/2016. No SUS, a Carta dos "
                            "Direitos dos Usuários da Saúde (Portaria 1.820/2009) assegura a "
                            "identificação pelo nome de preferência, com campo próprio para o nome "
                            "social em todos os documentos do usuário."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Em 2018, ao julgar a ADI 4.275, o STF reconheceu o direito de pessoas "
                            "trans alterarem prenome e gênero no registro civil diretamente no "
                            "cartório, sem cirurgia ou laudo. Para pessoas imigrantes, a alteração "
                            "de dados no registro migratório segue procedimentos próprios junto à "
                            "Polícia Federal; oriente e encaminhe ao CRAI ou à Defensoria Pública. "
                            "Em 2019, no julgamento da ADO 26 e do MI 4.733, o STF enquadrou a "
                            "homofobia e a transfobia nos crimes previstos na Lei 7.716/1989."
                        ),
                    ),
                    (
                        "callout",
                        "Na prática",
                        (
                            "Chame a pessoa pelo nome social em voz alta, nas filas, nos painéis e "
                            "nos prontuários, e use os pronomes que ela indicar, mesmo que o "
                            "documento traga outro nome."
                        ),
                    ),
                ],
            },
            {
                "title": "Rede de proteção em São Paulo",
                "required": False,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A Secretaria Municipal de Direitos Humanos e Cidadania mantém os "
                            "<b>Centros de Cidadania LGBTI</b>, que oferecem atendimento jurídico, "
                            "psicológico e social, e o <b>Programa Transcidadania</b>, voltado à "
                            "elevação da escolaridade e à autonomia de travestis e pessoas trans "
                            "em situação de vulnerabilidade. A rede socioassistencial conta com "
                            "centros de acolhida para esse público, como a Casa Florescer, "
                            "destinada a mulheres trans e travestis."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Na saúde, a rede municipal oferece atendimento à população trans em "
                            "unidades de referência, e a profilaxia pré-exposição (PrEP) e "
                            "pós-exposição (PEP) ao HIV está disponível gratuitamente no SUS. Para "
                            "questões migratórias, o CRAI orienta sobre documentação e refúgio. "
                            "Violações de direitos podem ser denunciadas ao Disque 100."
                        ),
                    ),
                    (
                        "callout",
                        "Encaminhe com cuidado",
                        (
                            "Antes de encaminhar, pergunte se a pessoa se sente segura para ir ao "
                            "serviço, explique o que ela encontrará lá e, se possível, faça o "
                            "contato prévio."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Atendimento a pessoas LGBTI+ imigrantes",
            "questions": [
                {
                    "text": "Identidade de gênero refere-se:",
                    "kind": "single",
                    "choices": [
                        ("Ao gênero com o qual a pessoa se identifica", True, "Correto."),
                        (
                            "A por quem a pessoa sente atração",
                            False,
                            "Incorreto. Isso é orientação sexual.",
                        ),
                        (
                            "Ao sexo registrado no documento do país de origem",
                            False,
                            "Incorreto. O documento não define a identidade de gênero.",
                        ),
                    ],
                    "explanation": (
                        "Identidade de gênero e orientação sexual são dimensões diferentes da "
                        "experiência de cada pessoa."
                    ),
                },
                {
                    "text": "Sobre pessoas LGBTI+ imigrantes, quais afirmações estão corretas?",
                    "kind": "multiple",
                    "choices": [
                        (
                            "A perseguição por orientação sexual pode fundamentar o refúgio",
                            True,
                            "Correto.",
                        ),
                        (
                            "Elas podem sofrer rejeição dentro da própria comunidade migrante",
                            True,
                            "Correto.",
                        ),
                        (
                            (
                                "É adequado chamar um familiar para traduzir informações sobre a "
                                "sexualidade da pessoa"
                            ),
                            False,
                            "Incorreto. Isso viola o sigilo e pode colocar a pessoa em risco.",
                        ),
                    ],
                    "explanation": (
                        "O acolhimento de pessoas LGBTI+ imigrantes exige atenção ao refúgio, às "
                        "vulnerabilidades específicas e ao sigilo."
                    ),
                },
                {
                    "text": "Em uma UBS, uma mulher trans imigrante deve ser chamada:",
                    "kind": "single",
                    "choices": [
                        ("Pelo nome social, independentemente do registro civil", True, "Correto."),
                        (
                            "Pelo nome que consta no passaporte, em voz alta",
                            False,
                            "Incorreto. Isso a expõe e desrespeita seu direito ao nome social.",
                        ),
                        (
                            "Apenas pelo sobrenome, para evitar a questão",
                            False,
                            "Incorreto. O nome social deve ser usado normalmente.",
                        ),
                    ],
                    "explanation": (
                        "A Carta dos Direitos dos Usuários da Saúde garante a identificação pelo "
                        "nome de preferência."
                    ),
                },
                {
                    "text": "Quais normas e decisões estão descritas corretamente?",
                    "kind": "multiple",
                    "choices": [
                        (
                            (
                                "Na ADO 26, o STF enquadrou a homotransfobia nos crimes da Lei "
                                "7.716/1989"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            (
                                "O Decreto 8.727/2016 trata do nome social na administração "
                                "pública federal"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Segundo o STF, a retificação do registro civil exige cirurgia",
                            False,
                            "Incorreto. A ADI 4.275 dispensou cirurgia e laudos.",
                        ),
                    ],
                    "explanation": (
                        "Decisões do STF e normas sobre nome social ampliaram a proteção de "
                        "pessoas LGBTI+, inclusive imigrantes."
                    ),
                },
            ],
        },
    },
    # 9. Enfrentamento à xenofobia, racismo e intolerância religiosa
    {
        "title": "Enfrentamento à xenofobia, racismo e intolerância religiosa",
        "slug": "enfrentamento-xenofobia-racismo-intolerancia-religiosa",
        "summary": (
            "Como reconhecer, prevenir e enfrentar a xenofobia, o racismo e a intolerância "
            "religiosa nos serviços públicos, com base na legislação brasileira e nos canais de "
            "denúncia."
        ),
        "objectives": [
            "Distinguir preconceito, discriminação, racismo, xenofobia e intolerância religiosa",
            "Conhecer a Lei 7.716/1989 e a tipificação da injúria racial",
            "Identificar práticas discriminatórias institucionais",
            "Orientar vítimas sobre acolhimento e canais de denúncia",
        ],
        "audience_secretariats": ["SMDHC", "SMS", "SME", "SMADS", "SMDET", "SEGES"],
        "audience_job_titles": (
            "Servidoras e servidores de atendimento ao público, gestores de unidades e equipes de "
            "ouvidoria"
        ),
        "hours": 8,
        "modality": "online",
        "language": "pt-br",
        "topics": ["xenofobia", "racismo", "intolerância religiosa", "direitos humanos"],
        "goals": ["M08"],
        "lessons": [
            {
                "title": "Conceitos que orientam a ação",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "<b>Preconceito</b> é um julgamento prévio, geralmente negativo, sobre "
                            "uma pessoa ou grupo. <b>Discriminação</b> é a ação ou omissão que "
                            "restringe direitos com base nesse julgamento. <b>Racismo</b> é um "
                            "sistema que hierarquiza pessoas por raça, cor ou etnia e produz "
                            "desigualdades que se manifestam nas relações individuais, nas "
                            "instituições e na estrutura da sociedade. <b>Xenofobia</b> é a "
                            "hostilidade contra pessoas por sua origem estrangeira, e "
                            "<b>intolerância religiosa</b> é o desrespeito ou a agressão motivados "
                            "pela crença, ou pela ausência de crença, de alguém."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Essas formas de discriminação frequentemente se somam. Imigrantes "
                            "negros, como haitianos, angolanos e congoleses, podem enfrentar "
                            "racismo e xenofobia ao mesmo tempo; mulheres muçulmanas que usam o "
                            "véu podem sofrer intolerância religiosa e machismo; imigrantes "
                            "indígenas andinos enfrentam discriminação étnico-racial. Esse olhar "
                            "para a sobreposição de opressões é chamado de "
                            "<i>interseccionalidade</i>."
                        ),
                    ),
                    (
                        "callout",
                        "Racismo institucional",
                        (
                            "Ocorre quando normas, rotinas ou omissões de um serviço produzem "
                            "tratamento desigual, mesmo sem intenção individual. Exemplo: exigir "
                            "de imigrantes documentos que não são pedidos a brasileiros."
                        ),
                    ),
                ],
            },
            {
                "title": "O que diz a lei",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A Constituição Federal estabelece como objetivo da República promover "
                            "o bem de todos, sem preconceitos de origem, raça, sexo, cor, idade e "
                            "quaisquer outras formas de discriminação (art. 3º, IV), e determina "
                            "que a prática do racismo é crime inafiançável e imprescritível (art. "
                            "5º, XLII). Também garante a liberdade de consciência e de crença e o "
                            "livre exercício dos cultos religiosos (art. 5º, VI)."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "A <b>Lei 7.716/1989</b> define os crimes resultantes de discriminação "
                            "ou preconceito de raça, cor, etnia, religião ou procedência nacional, "
                            "como recusar atendimento ou impedir o acesso a serviços. Seu art. 20 "
                            "pune quem pratica, induz ou incita a discriminação. Desde a <b>Lei "
                            "14.532/2023</b>, a injúria racial, isto é, ofender a dignidade de "
                            "alguém em razão de raça, cor, etnia ou procedência nacional, também "
                            "está na Lei 7.716/1989 (art. 2º-A), com pena de reclusão de dois a "
                            "cinco anos e multa. A injúria motivada por religião continua prevista "
                            "no Código Penal (art. 140, § 3º)."
                        ),
                    ),
                    (
                        "callout",
                        "Atenção",
                        (
                            "Os crimes da Lei 7.716/1989 são de ação penal pública incondicionada: "
                            "podem ser investigados independentemente da vontade da vítima."
                        ),
                    ),
                ],
            },
            {
                "title": "Religião e diversidade no serviço público",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O Estado brasileiro é laico: não adota nem privilegia nenhuma "
                            "religião e deve garantir que todas possam ser praticadas livremente. "
                            "No serviço público, isso significa respeitar restrições alimentares "
                            "religiosas em escolas, hospitais e centros de acolhida, o uso de "
                            "vestimentas religiosas, como o véu islâmico, períodos de jejum, como "
                            "o Ramadã, e práticas de cuidado ligadas à fé."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Evite comentários sobre a religião da pessoa, tentativas de "
                            "convencê-la a mudar de crença durante o atendimento e associações "
                            "entre religiões e violência ou “feitiçaria”. A Lei 11.635/2007 "
                            "instituiu o dia 21 de janeiro como Dia Nacional de Combate à "
                            "Intolerância Religiosa, uma oportunidade para atividades educativas "
                            "nas unidades."
                        ),
                    ),
                    (
                        "callout",
                        "Para refletir",
                        (
                            "Religiões de matriz africana, como o candomblé e a umbanda, são alvos "
                            "recorrentes de intolerância no Brasil. Imigrantes que praticam "
                            "religiões afro-diaspóricas, como o vodu haitiano, podem enfrentar o "
                            "mesmo estigma."
                        ),
                    ),
                ],
            },
            {
                "title": "Como agir diante da discriminação",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Se você presenciar uma situação de discriminação, interrompa-a com "
                            "firmeza e serenidade, acolha a pessoa ofendida e registre os fatos: "
                            "data, horário, local, palavras utilizadas e testemunhas. Informe a "
                            "chefia e a ouvidoria. Quando a discriminação parte de um servidor, "
                            "ela também tem consequências funcionais."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Oriente a vítima sobre os canais disponíveis: o <b>Disque 100</b>, "
                            "gratuito, que funciona 24 horas e aceita denúncias anônimas; o "
                            "registro de boletim de ocorrência em qualquer delegacia, inclusive na "
                            "Delegacia de Crimes Raciais e Delitos de Intolerância (Decradi) ou "
                            "pela delegacia eletrônica; o Ministério Público; a Defensoria "
                            "Pública; e a Ouvidoria Geral do Município. Para imigrantes, o CRAI "
                            "pode apoiar na orientação e no encaminhamento."
                        ),
                    ),
                    (
                        "callout",
                        "Acolher a vítima",
                        (
                            "Acredite no relato, não minimize o ocorrido (“foi só uma "
                            "brincadeira”), explique as opções disponíveis e respeite o tempo e as "
                            "decisões da pessoa sobre os próximos passos."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Enfrentamento à xenofobia, racismo e intolerância religiosa",
            "questions": [
                {
                    "text": "Desde a Lei 14.532/2023, a injúria racial:",
                    "kind": "single",
                    "choices": [
                        (
                            (
                                "Foi incluída na Lei 7.716/1989, com pena de reclusão de dois a "
                                "cinco anos e multa"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Deixou de ser crime",
                            False,
                            "Incorreto. A lei tornou a punição mais rigorosa.",
                        ),
                        (
                            "Passou a depender de representação da vítima",
                            False,
                            "Incorreto. Trata-se de ação penal pública incondicionada.",
                        ),
                    ],
                    "explanation": (
                        "A Lei 14.532/2023 equiparou a injúria racial ao crime de racismo, "
                        "incluindo-a no art. 2º-A da Lei 7.716/1989."
                    ),
                },
                {
                    "text": "Quais situações são exemplos de racismo institucional?",
                    "kind": "multiple",
                    "choices": [
                        (
                            "Exigir de imigrantes documentos que não são pedidos a brasileiros",
                            True,
                            "Correto.",
                        ),
                        (
                            "Seguranças abordarem com mais rigor os usuários negros de um serviço",
                            True,
                            "Correto.",
                        ),
                        (
                            "Oferecer informações traduzidas para diferentes idiomas",
                            False,
                            "Incorreto. Essa é uma prática de acesso e equidade.",
                        ),
                    ],
                    "explanation": (
                        "O racismo institucional se manifesta em rotinas e práticas que produzem "
                        "tratamento desigual."
                    ),
                },
                {
                    "text": "A Lei 7.716/1989 pune a discriminação ou o preconceito de:",
                    "kind": "single",
                    "choices": [
                        ("Raça, cor, etnia, religião ou procedência nacional", True, "Correto."),
                        ("Apenas cor da pele", False, "Incorreto. A lei é mais abrangente."),
                        ("Apenas religião", False, "Incorreto. A lei é mais abrangente."),
                    ],
                    "explanation": (
                        "A procedência nacional está expressamente protegida, o que inclui a "
                        "discriminação contra imigrantes."
                    ),
                },
                {
                    "text": (
                        "Ao presenciar uma ofensa xenofóbica contra um usuário, o servidor deve:"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Interromper a situação e acolher a vítima", True, "Correto."),
                        ("Registrar os fatos e informar a chefia ou a ouvidoria", True, "Correto."),
                        (
                            "Orientar sobre o Disque 100 e o registro de boletim de ocorrência",
                            True,
                            "Correto.",
                        ),
                        (
                            "Pedir à vítima que releve, para não gerar conflito",
                            False,
                            "Incorreto. Minimizar a ofensa reforça a discriminação.",
                        ),
                    ],
                    "explanation": (
                        "O servidor público tem papel ativo na interrupção da discriminação e na "
                        "orientação da vítima."
                    ),
                },
            ],
        },
    },
    # 10. Migração e trabalho análogo à escravidão
    {
        "title": "Migração e trabalho análogo à escravidão",
        "slug": "migracao-trabalho-analogo-escravidao",
        "summary": (
            "Como identificar sinais de trabalho análogo à escravidão e de tráfico de pessoas "
            "entre trabalhadores imigrantes e acionar a rede de proteção com segurança."
        ),
        "objectives": [
            "Conhecer os elementos do crime previsto no art. 149 do Código Penal",
            "Identificar indicadores de trabalho escravo contemporâneo e de tráfico de pessoas",
            "Saber denunciar e encaminhar casos com segurança",
            "Conhecer os direitos dos trabalhadores resgatados",
        ],
        "audience_secretariats": ["SMDET", "SMADS", "SMS", "SMDHC"],
        "audience_job_titles": (
            "Atendentes dos CATe, assistentes sociais, agentes comunitários de saúde, agentes de "
            "fiscalização e equipes de direitos humanos"
        ),
        "hours": 8,
        "modality": "online",
        "language": "pt-br",
        "topics": ["trabalho decente", "trabalho escravo", "tráfico de pessoas"],
        "goals": ["M10"],
        "lessons": [
            {
                "title": "O que é trabalho análogo à escravidão",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O <b>art. 149 do Código Penal</b>, com a redação da Lei 10.803/2003, "
                            "define como crime reduzir alguém a condição análoga à de escravo por "
                            "qualquer uma destas condutas: submeter a <b>trabalhos forçados</b>; "
                            "submeter a <b>jornada exaustiva</b>; sujeitar a <b>condições "
                            "degradantes de trabalho</b>; ou restringir, por qualquer meio, a "
                            "locomoção da pessoa em razão de <b>dívida</b> contraída com o "
                            "empregador ou preposto. A pena é de reclusão de dois a oito anos e "
                            "multa, além da pena correspondente à violência."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Incorre nas mesmas penas quem cerceia o uso de meios de transporte "
                            "para reter o trabalhador no local de trabalho, mantém vigilância "
                            "ostensiva ou se apodera de seus documentos ou objetos pessoais com o "
                            "mesmo fim. A pena é aumentada de metade se o crime for cometido "
                            "contra criança ou adolescente ou por motivo de preconceito de raça, "
                            "cor, etnia, religião ou origem."
                        ),
                    ),
                    (
                        "callout",
                        "Não é preciso corrente",
                        (
                            "O trabalho escravo contemporâneo raramente envolve correntes. Ele se "
                            "caracteriza pela violação da dignidade: jornadas que esgotam, "
                            "condições degradantes, dívidas impagáveis e cerceamento da liberdade."
                        ),
                    ),
                ],
            },
            {
                "title": "Indicadores e contextos de risco",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Trabalhadores imigrantes podem estar mais expostos a esse crime por "
                            "fatores como dívidas com a viagem, desconhecimento do idioma e dos "
                            "próprios direitos, medo de deportação e isolamento. Em São Paulo, já "
                            "houve fiscalizações e resgates em oficinas de costura onde "
                            "trabalhadores moravam no próprio local; no país, há casos também na "
                            "construção civil, no trabalho doméstico e em outros setores."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Fique atento a indicadores como: moradia no local de trabalho, "
                            "jornadas muito longas, sem descanso semanal; pagamento muito baixo, "
                            "por peça, atrasado ou retido; descontos de passagem, alimentação e "
                            "aluguel que geram dívida crescente; documentos guardados pelo "
                            "empregador; proibição ou controle das saídas; ameaças, inclusive de "
                            "denúncia à polícia por causa da situação migratória; e presença de "
                            "crianças no ambiente de trabalho."
                        ),
                    ),
                    (
                        "callout",
                        "Mito",
                        (
                            "“Mas a pessoa aceitou as condições.” O consentimento da vítima não "
                            "afasta o crime: ninguém pode consentir validamente em ser submetido a "
                            "condições que violam sua dignidade."
                        ),
                    ),
                ],
            },
            {
                "title": "Tráfico de pessoas e contrabando de migrantes",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O <b>tráfico de pessoas</b> (art. 149-A do Código Penal, incluído "
                            "pela Lei 13.344/2016) consiste em agenciar, aliciar, recrutar, "
                            "transportar, transferir, comprar, alojar ou acolher uma pessoa, "
                            "mediante grave ameaça, violência, coação, fraude ou abuso, com a "
                            "finalidade de remover seus órgãos, submetê-la a trabalho em condições "
                            "análogas à de escravo ou a qualquer tipo de servidão, promover adoção "
                            "ilegal ou exploração sexual. A pena é de reclusão de quatro a oito "
                            "anos e multa."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "É diferente da <b>promoção de migração ilegal</b> (art. 232-A do "
                            "Código Penal, incluído pela Lei de Migração), conhecida como "
                            "contrabando de migrantes: promover, com o fim de obter vantagem "
                            "econômica, a entrada ilegal de estrangeiro no Brasil ou de brasileiro "
                            "em outro país. Nesse crime, quem responde é o promotor da entrada "
                            "irregular, e não o migrante transportado. Os dois crimes podem se "
                            "combinar quando a viagem gera dívidas que depois prendem o "
                            "trabalhador."
                        ),
                    ),
                    (
                        "callout",
                        "Lembre-se",
                        (
                            "A vítima de tráfico ou de trabalho escravo não deve ser tratada como "
                            "infratora por sua situação migratória."
                        ),
                    ),
                ],
            },
            {
                "title": "Denúncia, resgate e direitos",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Denúncias podem ser feitas pelo <b>Sistema Ipê</b>, canal da Inspeção "
                            "do Trabalho para casos de trabalho análogo ao de escravo, que aceita "
                            "denúncias anônimas; pelo <b>Disque 100</b>; ao Ministério Público do "
                            "Trabalho; ou à Superintendência Regional do Trabalho. Em São Paulo, a "
                            "Comissão Municipal de Erradicação do Trabalho Escravo (COMTRAE/SP), "
                            "vinculada à Secretaria Municipal de Direitos Humanos e Cidadania, "
                            "propõe e acompanha as ações municipais de prevenção e enfrentamento a "
                            "esse crime."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Trabalhadores resgatados têm direito às verbas trabalhistas e a três "
                            "parcelas de seguro-desemprego no valor de um salário mínimo cada (Lei "
                            "7.998/1990, art. 2º-C), além de encaminhamento à rede de assistência "
                            "social. Imigrantes vítimas de tráfico de pessoas, de trabalho escravo "
                            "ou de violação de direito agravada por sua condição migratória podem "
                            "obter <b>autorização de residência</b> (Lei 13.445/2017, art. 30, II, "
                            "“g”)."
                        ),
                    ),
                    (
                        "callout",
                        "Segurança em primeiro lugar",
                        (
                            "Não confronte o suposto explorador nem tente retirar a pessoa do "
                            "local por conta própria. Registre as informações, oriente a vítima "
                            "sobre seus direitos e acione os canais competentes."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Migração e trabalho análogo à escravidão",
            "questions": [
                {
                    "text": (
                        "Quais condutas caracterizam o crime previsto no art. 149 do Código Penal?"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Submeter o trabalhador a jornada exaustiva", True, "Correto."),
                        (
                            "Sujeitar o trabalhador a condições degradantes de trabalho",
                            True,
                            "Correto.",
                        ),
                        (
                            "Restringir a locomoção em razão de dívida com o empregador",
                            True,
                            "Correto.",
                        ),
                        (
                            "Pagar salário mínimo com registro em carteira",
                            False,
                            "Incorreto. Essa é uma relação de trabalho regular.",
                        ),
                    ],
                    "explanation": (
                        "Basta uma das condutas previstas no art. 149 para caracterizar o crime."
                    ),
                },
                {
                    "text": "Um trabalhador imigrante resgatado de situação análoga à escravidão:",
                    "kind": "single",
                    "choices": [
                        (
                            "Pode obter autorização de residência com base na Lei de Migração",
                            True,
                            "Correto. É o que prevê o art. 30, II, “g”, da Lei 13.445/2017.",
                        ),
                        (
                            "Deve ser deportado após o resgate",
                            False,
                            "Incorreto. A vítima deve ser protegida, não punida.",
                        ),
                        (
                            "Perde o direito às verbas trabalhistas por estar indocumentado",
                            False,
                            (
                                "Incorreto. Os direitos trabalhistas são devidos independentemente "
                                "da situação migratória."
                            ),
                        ),
                    ],
                    "explanation": (
                        "A lei brasileira protege a vítima e permite a regularização de sua "
                        "situação migratória."
                    ),
                },
                {
                    "text": "O consentimento da vítima com as condições de trabalho:",
                    "kind": "single",
                    "choices": [
                        ("Não afasta a configuração do crime", True, "Correto."),
                        ("Descaracteriza o trabalho escravo", False, "Incorreto."),
                        ("Transforma a situação em mera infração trabalhista", False, "Incorreto."),
                    ],
                    "explanation": (
                        "A dignidade da pessoa humana não pode ser objeto de renúncia; o "
                        "consentimento não torna lícita a exploração."
                    ),
                },
                {
                    "text": (
                        "Quais destes são indicadores de risco ao atender um trabalhador imigrante?"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Ele mora no mesmo local onde trabalha", True, "Correto."),
                        ("Seus documentos estão com o empregador", True, "Correto."),
                        (
                            (
                                "Ele tem uma dívida crescente com o empregador pela viagem e pela "
                                "alimentação"
                            ),
                            True,
                            "Correto.",
                        ),
                        (
                            "Ele participa de uma associação de imigrantes",
                            False,
                            (
                                "Incorreto. A participação em redes comunitárias é, ao contrário, "
                                "um fator de proteção."
                            ),
                        ),
                    ],
                    "explanation": (
                        "A combinação de indicadores deve levar ao registro das informações e ao "
                        "acionamento da rede."
                    ),
                },
            ],
        },
    },
    # 11. Lei de Migração, documentação e acesso a serviços
    {
        "title": "Lei de Migração, documentação e acesso a serviços",
        "slug": "lei-de-migracao-documentacao-acesso-servicos",
        "summary": (
            "Os principais instrumentos da Lei 13.445/2017, os documentos que pessoas imigrantes "
            "podem apresentar e como garantir o acesso a serviços públicos sem barreiras indevidas."
        ),
        "objectives": [
            "Conhecer os princípios e os direitos previstos na Lei de Migração",
            "Reconhecer os principais documentos de imigrantes e de solicitantes de refúgio",
            "Diferenciar visto, autorização de residência e refúgio",
            "Orientar sobre regularização e encaminhar ao CRAI e à Defensoria Pública",
        ],
        "audience_secretariats": ["SMDHC", "SMS", "SME", "SMADS", "SMDET", "SEGES"],
        "audience_job_titles": (
            "Servidores de atendimento ao público, secretários de escola, recepcionistas, "
            "entrevistadores de cadastros e gestores de unidades"
        ),
        "hours": 6,
        "modality": "online",
        "language": "pt-br",
        "topics": ["lei de migração", "documentação", "direitos humanos"],
        "goals": ["M05"],
        "lessons": [
            {
                "title": "Da segurança nacional aos direitos humanos",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Por quase quatro décadas, a presença de estrangeiros no Brasil foi "
                            "regida pelo Estatuto do Estrangeiro (Lei 6.815/1980), editado durante "
                            "a ditadura militar, que via o imigrante sobretudo como uma questão de "
                            "segurança nacional. A <b>Lei de Migração (Lei 13.445/2017)</b>, "
                            "regulamentada pelo Decreto 9.199/2017, mudou esse paradigma e passou "
                            "a tratar o migrante como sujeito de direitos."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Entre os princípios do art. 3º estão a universalidade, a "
                            "indivisibilidade e a interdependência dos direitos humanos; o repúdio "
                            "e a prevenção à xenofobia, ao racismo e a quaisquer formas de "
                            "discriminação; a não criminalização da migração; a acolhida "
                            "humanitária; a igualdade de tratamento e de oportunidades; e o acesso "
                            "igualitário e livre a serviços, programas e benefícios sociais, bens "
                            "públicos, educação, assistência jurídica integral pública, trabalho, "
                            "moradia, serviço bancário e seguridade social."
                        ),
                    ),
                    (
                        "callout",
                        "Art. 4º",
                        (
                            "Ao migrante são garantidos, em condição de igualdade com os "
                            "nacionais, os direitos à vida, à liberdade, à igualdade, à segurança "
                            "e à propriedade, e o acesso a saúde, assistência social, previdência "
                            "e educação públicas, sem discriminação por nacionalidade ou condição "
                            "migratória."
                        ),
                    ),
                ],
            },
            {
                "title": "Documentos que você pode encontrar",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "A <b>Carteira de Registro Nacional Migratório (CRNM)</b>, emitida "
                            "pela Polícia Federal, é o documento de identidade do imigrante com "
                            "residência autorizada e substituiu a antiga Cédula de Identidade de "
                            "Estrangeiro, conhecida como RNE. O <b>Documento Provisório de "
                            "Registro Nacional Migratório (DPRNM)</b>, instituído pelo Decreto "
                            "9.277/2018, identifica o solicitante de refúgio enquanto o pedido é "
                            "analisado. Também são comuns o passaporte e os documentos de "
                            "identidade do país de origem, os protocolos de pedidos de autorização "
                            "de residência, o CPF e a Carteira de Trabalho Digital."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O solicitante de refúgio pode obter CPF e carteira de trabalho, "
                            "trabalhar, estudar e usar o SUS e a rede socioassistencial. Em São "
                            "Paulo, a Política Municipal para a População Imigrante abrange todas "
                            "as pessoas imigrantes, independentemente da situação migratória e "
                            "documental, e tem como objetivo garantir seu acesso aos serviços "
                            "públicos."
                        ),
                    ),
                    (
                        "callout",
                        "Regra de ouro",
                        (
                            "Documento de identidade serve para identificar a pessoa, não para "
                            "selecionar quem tem direito. Se o serviço é universal, a situação "
                            "migratória não pode ser usada como filtro."
                        ),
                    ),
                ],
            },
            {
                "title": "Vistos, residência e refúgio",
                "required": True,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "O <b>visto</b> é concedido por embaixadas e consulados brasileiros "
                            "antes da viagem e dá ao portador a expectativa de ingresso no país. A "
                            "Lei de Migração prevê vistos de visita, temporário, diplomático, "
                            "oficial e de cortesia (art. 12). Já a <b>autorização de "
                            "residência</b> pode ser pedida no Brasil, em hipóteses como trabalho, "
                            "estudo, reunião familiar, acolhida humanitária e acordos "
                            "internacionais, como o Acordo de Residência do Mercosul, do qual se "
                            "beneficiam nacionais de países como Bolívia, Paraguai e Argentina."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "O <b>refúgio</b> segue a Lei 9.474/1997. O pedido é feito à Polícia "
                            "Federal e decidido pelo Comitê Nacional para os Refugiados (Conare). "
                            "Enquanto aguarda, o solicitante não pode ser devolvido a um "
                            "território onde sua vida ou liberdade estejam ameaçadas, princípio "
                            "conhecido como <i>não devolução</i>."
                        ),
                    ),
                    (
                        "callout",
                        "Não sabe qual é a situação?",
                        (
                            "O servidor não precisa identificar o tipo de visto ou de autorização "
                            "para atender. Dúvidas sobre regularização podem ser encaminhadas ao "
                            "CRAI, à Defensoria Pública da União ou a organizações especializadas."
                        ),
                    ),
                ],
            },
            {
                "title": "Acesso a serviços na prática",
                "required": False,
                "blocks": [
                    (
                        "paragraph",
                        (
                            "Algumas atitudes simples garantem o acesso: aceitar documentos "
                            "estrangeiros e protocolos; nunca reter documentos; não exigir "
                            "tradução juramentada para atendimentos básicos; não acionar a polícia "
                            "por causa da situação migratória; buscar intérprete quando "
                            "necessário; e explicar procedimentos em linguagem simples, "
                            "confirmando o entendimento."
                        ),
                    ),
                    (
                        "paragraph",
                        (
                            "Conheça a rede de apoio. O <b>Centro de Referência e Atendimento para "
                            "Imigrantes (CRAI)</b>, da Secretaria Municipal de Direitos Humanos e "
                            "Cidadania, orienta sobre documentação, regularização e acesso a "
                            "serviços, com atendimento em vários idiomas. A <b>Defensoria Pública "
                            "da União</b> presta assistência jurídica gratuita em questões "
                            "migratórias, e a Defensoria Pública do Estado atua em temas como "
                            "família, moradia e consumo. A Polícia Federal é responsável pelo "
                            "registro migratório, e a Receita Federal, pela inscrição no CPF."
                        ),
                    ),
                    (
                        "callout",
                        "Lembre-se",
                        (
                            "Na dúvida entre atender e recusar, atenda e busque orientação. Uma "
                            "recusa indevida pode afastar a pessoa do serviço público por muito "
                            "tempo."
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Avaliação – Lei de Migração, documentação e acesso a serviços",
            "questions": [
                {
                    "text": "Qual lei substituiu o Estatuto do Estrangeiro?",
                    "kind": "single",
                    "choices": [
                        ("Lei 13.445/2017", True, "Correto. É a Lei de Migração."),
                        ("Lei 9.474/1997", False, "Incorreto. Essa é a lei sobre refúgio."),
                        (
                            "Lei 16.478/2016",
                            False,
                            (
                                "Incorreto. Essa é a lei municipal de São Paulo sobre a população "
                                "imigrante."
                            ),
                        ),
                    ],
                    "explanation": (
                        "A Lei 13.445/2017 revogou a Lei 6.815/1980 e adotou a perspectiva dos "
                        "direitos humanos."
                    ),
                },
                {
                    "text": (
                        "Quais documentos podem identificar uma pessoa imigrante no atendimento?"
                    ),
                    "kind": "multiple",
                    "choices": [
                        ("Carteira de Registro Nacional Migratório (CRNM)", True, "Correto."),
                        (
                            "Documento Provisório de Registro Nacional Migratório (DPRNM)",
                            True,
                            "Correto.",
                        ),
                        ("Passaporte do país de origem", True, "Correto."),
                        (
                            "Somente documentos brasileiros com foto",
                            False,
                            (
                                "Incorreto. Documentos estrangeiros e protocolos também "
                                "identificam a pessoa."
                            ),
                        ),
                    ],
                    "explanation": (
                        "Diversos documentos identificam a pessoa imigrante, e nenhum deles deve "
                        "ser usado como filtro de acesso a serviços universais."
                    ),
                },
                {
                    "text": "Enquanto o pedido de refúgio é analisado, o solicitante:",
                    "kind": "single",
                    "choices": [
                        (
                            "Pode trabalhar, obter CPF e acessar os serviços públicos",
                            True,
                            "Correto.",
                        ),
                        (
                            "Não tem direito a trabalhar",
                            False,
                            (
                                "Incorreto. A Lei 9.474/1997 permite a emissão da carteira de "
                                "trabalho."
                            ),
                        ),
                        (
                            "Deve permanecer em abrigo federal até a decisão",
                            False,
                            "Incorreto. Não há essa exigência.",
                        ),
                    ],
                    "explanation": (
                        "O solicitante de refúgio tem documento provisório e direitos desde o "
                        "pedido."
                    ),
                },
                {
                    "text": "São princípios da Lei de Migração:",
                    "kind": "multiple",
                    "choices": [
                        ("Não criminalização da migração", True, "Correto."),
                        ("Acolhida humanitária", True, "Correto."),
                        ("Repúdio e prevenção à xenofobia e ao racismo", True, "Correto."),
                        (
                            "Prioridade da segurança nacional sobre os direitos humanos",
                            False,
                            "Incorreto. Essa era a lógica do antigo Estatuto do Estrangeiro.",
                        ),
                    ],
                    "explanation": (
                        "O art. 3º da Lei 13.445/2017 lista os princípios que orientam a política "
                        "migratória brasileira."
                    ),
                },
            ],
        },
    },
]

# Invented learner names for the demo.
DEMO_LEARNER_NAMES = [
    "Ana Paula Ferreira (demo)",
    "Marcos Vinícius Souza (demo)",
    "Juliana Cristina Alves (demo)",
    "Roberto Carlos Nascimento (demo)",
    "Fernanda Lima Barbosa (demo)",
    "Thiago Henrique Rocha (demo)",
    "Patrícia Gomes de Oliveira (demo)",
    "Ricardo Mendes Pereira (demo)",
    "Camila dos Santos Ribeiro (demo)",
    "Luciana Aparecida Costa (demo)",
    "Eduardo Martins Teixeira (demo)",
    "Priscila Moreira Dias (demo)",
    "Rafael Cardoso Monteiro (demo)",
    "Simone Batista Carvalho (demo)",
    "Gustavo Almeida Freitas (demo)",
    "Renata Pires Cavalcanti (demo)",
    "Anderson Luiz Araújo (demo)",
    "Vanessa Correia Nunes (demo)",
    "Cláudio Roberto Farias (demo)",
    "Débora Lopes Machado (demo)",
    "Juan Carlos Mamani Quispe (demo)",
    "María Elena Choque Condori (demo)",
    "Wilma Flores Apaza (demo)",
    "Freddy Huanca Limachi (demo)",
    "Rosa Ticona Mamani (demo)",
    "Edwin Quisbert Chura (demo)",
    "Lidia Condori Laura (demo)",
    "Álvaro Gutiérrez Vargas (demo)",
    "Yorgelis Pérez Rondón (demo)",
    "José Gregorio Rivas Lugo (demo)",
    "Daniela Alejandra Mendoza Salazar (demo)",
    "Luis Eduardo Briceño Carrillo (demo)",
    "Yusmary Rodríguez Guevara (demo)",
    "Carlos Andrés Colmenares Díaz (demo)",
    "Génesis Marcano Rojas (demo)",
    "Rafael Antonio Ochoa Pineda (demo)",
    "Jean-Baptiste Pierre-Louis (demo)",
    "Marie Lourdes Joseph (demo)",
    "Wilner Saint-Fleur (demo)",
    "Nadège Dorvil (demo)",
    "Jean Robert Charles (demo)",
    "Guerline Alexis (demo)",
    "Frantz Étienne (demo)",
    "Roseline Jean-Louis (demo)",
    "Domingos Kiala Mbala (demo)",
    "Esperança Nzola Cassoma (demo)",
    "Adilson Kuenda Sebastião (demo)",
    "Teresa Ndongala Pedro (demo)",
    "Manuel Mateus Lutonadio (demo)",
    "Isabel Kiangebeni Neto (demo)",
    "Cristóvão Kapinga Bumba (demo)",
    "Luzia Nsimba Afonso (demo)",
    "Ahmad Al-Halabi (demo)",
    "Rana Haddad (demo)",
    "Mohammad Khaled Al-Masri (demo)",
    "Lina Darwish (demo)",
    "Omar Al-Khatib (demo)",
    "Nour Al-Hamwi (demo)",
    "Yasmin Sabbagh (demo)",
    "Tarek Mansour (demo)",
]

# Job titles of demo learners, by secretariat acronym.
DEMO_JOB_TITLES = {
    "SMS": [
        "Agente comunitário de saúde",
        "Enfermeiro",
        "Médico de família e comunidade",
        "Recepcionista de UBS",
    ],
    "SME": [
        "Professor de educação infantil",
        "Professor de ensino fundamental",
        "Coordenador pedagógico",
        "Secretário de escola",
    ],
    "SMADS": [
        "Assistente social",
        "Psicólogo de CRAS",
        "Orientador socioeducativo",
        "Entrevistador do Cadastro Único",
    ],
    "SMDET": [
        "Atendente do CATe",
        "Analista de políticas públicas",
        "Agente de apoio ao trabalhador",
    ],
    "SMDHC": [
        "Técnico do CRAI",
        "Educador em direitos humanos",
        "Atendente de Centro de Cidadania LGBTI",
        "Analista de políticas públicas e gestão governamental",
    ],
}
