#!/usr/bin/env python3
"""The benchmark's corpus: French texts that read like candidates' deliverables, each one new.

Every article is written from a seed by a small grammar (subjects, verbs, complements with
their gender and number agreed), about one of a dozen subjects (a bakery, a festival, a town
hall…), with its own organisation, town, people, figures and dates, headings, lists, links and
images (a few without alternative text, a few heading levels skipped), and the slips people make
(an accent left out, a letter doubled or dropped, two letters swapped) at about four words in a
thousand: no two texts share their unknown words, as in a real cohort. Standard library only.

Usage:
  corpus.py articles DIR N [--seed S] [--format md|html|mixed]   N distinct 5–10 KB texts
  corpus.py long FILE BYTES [--seed S]                           one text of BYTES (.md, .html
                                                                 or .docx, by FILE's extension)
  corpus.py misspelled FILE                                      the 20 known misspellings in a
                                                                 text (bench/misspellings.tsv)
"""

import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape

# Nouns: (singular, plural, gender).
NOUNS = [
    ("événement", "événements", "m"), ("salon", "salons", "m"), ("atelier", "ateliers", "m"),
    ("projet", "projets", "m"), ("public", "publics", "m"), ("partenaire", "partenaires", "m"),
    ("visiteur", "visiteurs", "m"), ("message", "messages", "m"), ("budget", "budgets", "m"),
    ("calendrier", "calendriers", "m"), ("objectif", "objectifs", "m"), ("indicateur", "indicateurs", "m"),
    ("quartier", "quartiers", "m"), ("marché", "marchés", "m"), ("programme", "programmes", "m"),
    ("concert", "concerts", "m"), ("spectacle", "spectacles", "m"), ("jardin", "jardins", "m"),
    ("produit", "produits", "m"), ("service", "services", "m"), ("client", "clients", "m"),
    ("habitant", "habitants", "m"), ("bénévole", "bénévoles", "m"), ("commerce", "commerces", "m"),
    ("support", "supports", "m"), ("site", "sites", "m"), ("article", "articles", "m"),
    ("témoignage", "témoignages", "m"), ("dossier", "dossiers", "m"), ("communiqué", "communiqués", "m"),
    ("parcours", "parcours", "m"), ("stand", "stands", "m"), ("chantier", "chantiers", "m"),
    ("logement", "logements", "m"), ("territoire", "territoires", "m"), ("réseau", "réseaux", "m"),
    ("lancement", "lancements", "m"), ("rendez-vous", "rendez-vous", "m"), ("repas", "repas", "m"),
    ("livre", "livres", "m"), ("musée", "musées", "m"), ("festival", "festivals", "m"),
    ("tournoi", "tournois", "m"), ("club", "clubs", "m"), ("élève", "élèves", "m"),
    ("campagne", "campagnes", "f"), ("exposition", "expositions", "f"), ("rencontre", "rencontres", "f"),
    ("association", "associations", "f"), ("entreprise", "entreprises", "f"), ("équipe", "équipes", "f"),
    ("newsletter", "newsletters", "f"), ("affiche", "affiches", "f"), ("vidéo", "vidéos", "f"),
    ("conférence", "conférences", "f"), ("collecte", "collectes", "f"), ("boutique", "boutiques", "f"),
    ("action", "actions", "f"), ("cible", "cibles", "f"), ("famille", "familles", "f"),
    ("rénovation", "rénovations", "f"), ("formation", "formations", "f"), ("visite", "visites", "f"),
    ("journée", "journées", "f"), ("saison", "saisons", "f"), ("offre", "offres", "f"),
    ("démarche", "démarches", "f"), ("initiative", "initiatives", "f"), ("recette", "recettes", "f"),
    ("création", "créations", "f"), ("animation", "animations", "f"), ("inscription", "inscriptions", "f"),
    ("bibliothèque", "bibliothèques", "f"), ("mairie", "mairies", "f"), ("commune", "communes", "f"),
    ("solution", "solutions", "f"), ("question", "questions", "f"), ("publication", "publications", "f"),
    ("page", "pages", "f"), ("édition", "éditions", "f"), ("semaine", "semaines", "f"),
    ("boulangerie", "boulangeries", "f"), ("coopérative", "coopératives", "f"), ("ferme", "fermes", "f"),
]

# Adjectives: (masculine singular, feminine singular, masculine plural, feminine plural).
ADJECTIVES = [
    ("local", "locale", "locaux", "locales"), ("nouveau", "nouvelle", "nouveaux", "nouvelles"),
    ("durable", "durable", "durables", "durables"), ("gratuit", "gratuite", "gratuits", "gratuites"),
    ("solidaire", "solidaire", "solidaires", "solidaires"), ("créatif", "créative", "créatifs", "créatives"),
    ("régional", "régionale", "régionaux", "régionales"), ("principal", "principale", "principaux", "principales"),
    ("ouvert", "ouverte", "ouverts", "ouvertes"), ("accessible", "accessible", "accessibles", "accessibles"),
    ("engagé", "engagée", "engagés", "engagées"), ("festif", "festive", "festifs", "festives"),
    ("pratique", "pratique", "pratiques", "pratiques"), ("numérique", "numérique", "numériques", "numériques"),
    ("familial", "familiale", "familiaux", "familiales"), ("responsable", "responsable", "responsables", "responsables"),
    ("prochain", "prochaine", "prochains", "prochaines"), ("dernier", "dernière", "derniers", "dernières"),
    ("grand", "grande", "grands", "grandes"), ("petit", "petite", "petits", "petites"),
    ("original", "originale", "originaux", "originales"), ("culturel", "culturelle", "culturels", "culturelles"),
    ("convivial", "conviviale", "conviviaux", "conviviales"), ("complet", "complète", "complets", "complètes"),
    ("écologique", "écologique", "écologiques", "écologiques"), ("simple", "simple", "simples", "simples"),
    ("attendu", "attendue", "attendus", "attendues"), ("ambitieux", "ambitieuse", "ambitieux", "ambitieuses"),
]

# Verbs in the present: (3rd person singular, 3rd person plural, infinitive).
VERBS = [
    ("présente", "présentent", "présenter"), ("organise", "organisent", "organiser"),
    ("propose", "proposent", "proposer"), ("accompagne", "accompagnent", "accompagner"),
    ("prépare", "préparent", "préparer"), ("lance", "lancent", "lancer"),
    ("soutient", "soutiennent", "soutenir"), ("réunit", "réunissent", "réunir"),
    ("accueille", "accueillent", "accueillir"), ("développe", "développent", "développer"),
    ("valorise", "valorisent", "valoriser"), ("renouvelle", "renouvellent", "renouveler"),
    ("découvre", "découvrent", "découvrir"), ("rejoint", "rejoignent", "rejoindre"),
    ("améliore", "améliorent", "améliorer"), ("partage", "partagent", "partager"),
    ("finance", "financent", "financer"), ("imagine", "imaginent", "imaginer"),
    ("annonce", "annoncent", "annoncer"), ("transforme", "transforment", "transformer"),
    ("mobilise", "mobilisent", "mobiliser"), ("célèbre", "célèbrent", "célébrer"),
    ("anime", "animent", "animer"), ("ouvre", "ouvrent", "ouvrir"), ("construit", "construisent", "construire"),
    ("relaie", "relaient", "relayer"), ("invite", "invitent", "inviter"), ("teste", "testent", "tester"),
]

CONNECTORS = [
    "Cette année,", "Depuis janvier,", "Par ailleurs,", "En outre,", "Concrètement,", "Dans ce contexte,",
    "Au printemps,", "Dès la rentrée,", "Pour la première fois,", "Comme chaque année,", "De son côté,",
    "En parallèle,", "À cette occasion,", "Pendant trois jours,", "Chaque samedi,", "Enfin,", "Ensuite,",
    "Grâce à ce partenariat,", "Avec ce projet,", "Depuis sa création,",
]

COMPLEMENTS = [
    "auprès des habitants", "sur les réseaux sociaux", "dans le centre-ville", "pendant tout l’été",
    "avec le soutien de la mairie", "grâce à un partenariat local", "en lien avec les écoles",
    "au cœur du quartier", "pour toute la famille", "dans une ambiance conviviale", "sans inscription préalable",
    "jusqu’à la fin du mois", "dans la salle des fêtes", "en présence des élus", "chaque premier dimanche du mois",
    "avec les commerçants du marché", "sur le parvis de la gare", "à deux pas de la place principale",
    "dans le respect de l’environnement", "avec un budget maîtrisé", "auprès des jeunes de quinze à vingt-cinq ans",
    "à partir de dix heures", "en collaboration avec l’office de tourisme", "pour la troisième année consécutive",
]

# Each subject's own words, with their article.
TOPICS = {
    "boulangerie": ["le pain au levain", "la farine bio", "les viennoiseries", "le fournil", "la dégustation", "les artisans boulangers"],
    "festival": ["la programmation", "la scène ouverte", "la billetterie", "les artistes", "la buvette", "les têtes d’affiche"],
    "mairie": ["le conseil municipal", "le budget participatif", "les habitants", "la voirie", "la démocratie locale", "les services publics"],
    "association sportive": ["les licenciés", "les entraînements", "la compétition", "le terrain", "les éducateurs", "le tournoi de printemps"],
    "musée": ["les collections", "la médiation", "l’exposition temporaire", "la visite guidée", "le patrimoine", "les conservateurs"],
    "rénovation énergétique": ["l’isolation", "la pompe à chaleur", "les aides publiques", "l’audit énergétique", "les devis", "les économies d’énergie"],
    "librairie": ["la rentrée littéraire", "les séances de dédicace", "le club de lecture", "les romans", "les libraires", "le rayon jeunesse"],
    "recyclerie": ["le réemploi", "les objets", "les ateliers de réparation", "les déchets", "l’économie circulaire", "les dons"],
    "théâtre": ["la compagnie", "les répétitions", "la saison culturelle", "les abonnés", "la mise en scène", "les comédiens"],
    "maraîchage": ["les légumes de saison", "les paniers", "le circuit court", "les producteurs", "l’agriculture biologique", "la récolte"],
    "tourisme": ["les randonnées", "les hébergements", "les itinéraires", "les visiteurs étrangers", "les sentiers", "l’office de tourisme"],
    "jeune entreprise": ["la levée de fonds", "le prototype", "les clients pilotes", "l’application", "l’incubateur", "les recrutements"],
}


def bare(term):
    """`la farine bio` → `farine bio`."""
    for det in ("le ", "la ", "les ", "l’"):
        if term.startswith(det):
            return term[len(det):]
    return term


def to(term):
    """`à` + the term: `au fournil`, `aux paniers`, `à la récolte`, `à l’isolation`."""
    if term.startswith("le "):
        return "au " + term[3:]
    if term.startswith("les "):
        return "aux " + term[4:]
    return "à " + term


def of(term):
    """`de` + the term: `du fournil`, `des paniers`, `de la récolte`, `de l’isolation`."""
    if term.startswith("le "):
        return "du " + term[3:]
    if term.startswith("les "):
        return "des " + term[4:]
    return "de " + term


ORG_FIRST = ["Atelier", "Maison", "Collectif", "Association", "Compagnie", "Ferme", "Coopérative", "Studio",
             "Agence", "Fabrique", "Comptoir", "Jardins", "Réseau", "Cercle", "Fondation", "Halle"]
ORG_SECOND = ["Verdure", "Lumen", "des Tanneurs", "du Vieux Port", "Horizon", "Terre Vive", "Boréal", "des Canuts",
              "Saint-Jacques", "Les Tilleuls", "Cap Nord", "Grain de Sel", "La Source", "Bel Air", "Les Arches",
              "du Plateau", "Mosaïque", "Alizé", "des Quais", "Rive Gauche", "Oxalis", "Papillon", "Le Fil"]
CITIES = ["Lyon", "Nantes", "Lille", "Rennes", "Bordeaux", "Grenoble", "Dijon", "Angers", "Tours", "Metz",
          "Brest", "Nîmes", "Amiens", "Limoges", "Poitiers", "Besançon", "Orléans", "Rouen", "Caen", "Pau",
          "Annecy", "Valence", "Chambéry", "Niort", "Quimper", "Colmar", "Albi", "Arles", "Vannes", "Troyes"]
FIRST_NAMES = [("Léa", "f"), ("Hugo", "m"), ("Camille", "f"), ("Nathan", "m"), ("Manon", "f"), ("Louis", "m"),
               ("Chloé", "f"), ("Jules", "m"), ("Inès", "f"), ("Arthur", "m"), ("Sarah", "f"), ("Théo", "m"),
               ("Zoé", "f"), ("Gabriel", "m"), ("Jade", "f"), ("Paul", "m"), ("Emma", "f"), ("Lucas", "m"),
               ("Alice", "f"), ("Tom", "m"), ("Louise", "f"), ("Adam", "m")]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
ROLES = {"f": ["directrice", "chargée de communication", "présidente", "responsable des partenariats",
               "coordinatrice", "fondatrice", "bénévole depuis dix ans"],
         "m": ["directeur", "chargé de communication", "président", "responsable des partenariats",
               "coordinateur", "fondateur", "bénévole depuis dix ans"]}
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre", "octobre", "novembre", "décembre"]
VERBS_OF_SAYING = ["explique", "souligne", "précise", "raconte", "confie", "rappelle", "ajoute", "résume"]
ANGLICISMS = ["storytelling", "feedback", "brainstorming", "teasing", "afterwork", "showroom", "crowdfunding"]


def article(rng, noun, definite):
    sing, _, gender = noun
    if definite:
        if sing[0] in "aeéèêiîouh":
            return "l’"
        return "le " if gender == "m" else "la "
    return "un " if gender == "m" else "une "


def noun_phrase(rng, plural=None, definite=None):
    noun = rng.choice(NOUNS)
    plural = rng.random() < 0.35 if plural is None else plural
    definite = rng.random() < 0.6 if definite is None else definite
    adj = rng.choice(ADJECTIVES) if rng.random() < 0.5 else None
    word = noun[1] if plural else noun[0]
    if adj:
        form = adj[(2 if plural else 0) + (1 if noun[2] == "f" else 0)]
        word = f"{word} {form}"
    if plural:
        det = "les " if definite else "des "
    else:
        det = article(rng, noun, definite)
    return det + word, plural


class Writer:
    """One article's world (organisation, town, people, subject) and its sentences."""

    def __init__(self, rng):
        self.rng = rng
        self.topic = rng.choice(sorted(TOPICS))
        self.terms = TOPICS[self.topic]
        self.org = f"{rng.choice(ORG_FIRST)} {rng.choice(ORG_SECOND)}"
        self.city = rng.choice(CITIES)
        self.people = []
        for _ in range(3):
            first, gender = rng.choice(FIRST_NAMES)
            self.people.append((f"{first} {rng.choice(LAST_NAMES)}", rng.choice(ROLES[gender])))
        self.year = rng.randint(2025, 2028)

    def date(self):
        return f"le {self.rng.randint(1, 28)} {self.rng.choice(MONTHS)} {self.year}"

    def figure(self):
        return f"{self.rng.randint(12, 950)}"

    def sentence(self):
        rng = self.rng
        pattern = rng.randrange(10)
        if pattern == 0:
            subj, pl = noun_phrase(rng)
            verb = rng.choice(VERBS)[1 if pl else 0]
            obj, _ = noun_phrase(rng)
            s = f"{rng.choice(CONNECTORS)} {subj} {verb} {obj} {rng.choice(COMPLEMENTS)}."
        elif pattern == 1:
            obj, _ = noun_phrase(rng)
            s = f"{self.org} {rng.choice(VERBS)[0]} {obj} à {self.city} {self.date()}."
        elif pattern == 2:
            who, role = rng.choice(self.people)
            obj, _ = noun_phrase(rng)
            s = (f"« Nous voulons {rng.choice(VERBS)[2]} {obj} {rng.choice(COMPLEMENTS)} », "
                 f"{rng.choice(VERBS_OF_SAYING)} {who}, {role} de {self.org}.")
        elif pattern == 3:
            obj, _ = noun_phrase(rng, plural=True)
            s = (f"Selon une enquête menée auprès de {rng.randint(80, 2400)} personnes, "
                 f"{rng.randint(12, 91)} % des habitants de {self.city} {rng.choice(VERBS)[1]} déjà {obj}.")
        elif pattern == 4:
            obj, _ = noun_phrase(rng)
            subj, pl = noun_phrase(rng, definite=True)
            s = (f"Pour {rng.choice(VERBS)[2]} {obj}, {subj} {rng.choice(VERBS)[1 if pl else 0]} "
                 f"{rng.choice(self.terms)} {rng.choice(COMPLEMENTS)}.")
        elif pattern == 5:
            s = (f"Le budget consacré {to(rng.choice(self.terms))} atteint {rng.randint(2, 90)} {rng.randint(100, 999)} euros, "
                 f"soit {rng.randint(5, 60)} % de l’enveloppe prévue pour {self.year}.")
        elif pattern == 6:
            subj, pl = noun_phrase(rng, definite=True)
            s = (f"{subj[0].upper()}{subj[1:]} {rng.choice(VERBS)[1 if pl else 0]} aussi "
                 f"{rng.choice(self.terms)}, un point fort du {rng.choice(['projet', 'programme', 'calendrier'])} "
                 f"de {self.org}.")
        elif pattern == 7:
            subj, pl = noun_phrase(rng, definite=True)
            s = (f"La réussite {of(rng.choice(self.terms))} repose sur {subj} : "
                 f"{rng.choice(['plus de', 'près de', 'environ'])} {self.figure()} "
                 f"{rng.choice(['participants', 'inscrits', 'abonnés', 'visiteurs'])} {self.date()}.")
        elif pattern == 8:
            who, role = rng.choice(self.people)
            obj, _ = noun_phrase(rng)
            s = (f"{who}, {role}, {rng.choice(VERBS)[0]} {obj} {rng.choice(COMPLEMENTS)} "
                 f"et {rng.choice(VERBS)[0]} {rng.choice(self.terms)}.")
        else:
            obj, _ = noun_phrase(rng)
            extra = f" autour du {rng.choice(ANGLICISMS)}" if rng.random() < 0.15 else ""
            s = (f"Les {rng.choice(['équipes', 'bénévoles', 'partenaires', 'commerçants'])} de {self.city} "
                 f"{rng.choice(VERBS)[1]} {obj}{extra} {rng.choice(COMPLEMENTS)}.")
        return misspell(rng, s)

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def heading(self):
        rng = self.rng
        obj, _ = noun_phrase(rng, definite=True)
        options = [
            f"{rng.choice(VERBS)[2].capitalize()} {obj}",
            f"{bare(rng.choice(self.terms)).capitalize()} à {self.city}",
            f"Ce que {rng.choice(self.people)[0]} retient de {self.year}",
            f"{obj[0].upper()}{obj[1:]} en {rng.randint(3, 9)} étapes",
            f"Les chiffres de la saison {self.year}",
        ]
        return rng.choice(options)

    def title(self):
        return f"{self.org} à {self.city} : {bare(self.terms[0])} et {bare(self.terms[1])} en {self.year}"


# Slips people make, applied to a word of five letters or more.
def slip(rng, word):
    pairs = [("é", "e"), ("è", "e"), ("ê", "e"), ("à", "a"), ("ç", "c"), ("â", "a"), ("î", "i")]
    accented = [p for p in pairs if p[0] in word]
    kind = rng.randrange(6)
    if kind == 0 and accented:
        a, b = rng.choice(accented)
        return word.replace(a, b, 1)
    i = rng.randrange(1, len(word) - 1)
    if kind <= 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1:]
    if kind == 3:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 4 and "ss" in word:
        return word.replace("ss", "s", 1)
    vowels = "aeiou"
    j = next((k for k in range(i, len(word)) if word[k] in vowels), None)
    if j is None:
        return word[:i] + word[i] + word[i:]
    return word[:j] + rng.choice([v for v in vowels if v != word[j]]) + word[j + 1:]


def misspell(rng, sentence, rate=0.004):
    words = sentence.split(" ")
    for n, w in enumerate(words):
        if len(w) >= 5 and w.isalpha() and w.islower() and rng.random() < rate * 3:
            words[n] = slip(rng, w)
    return " ".join(words)


def markdown_article(rng, target):
    w = Writer(rng)
    out = [f"---\ntitle: {w.title()}\ndescription: {w.sentence()}\n---\n", f"# {w.title()}\n", w.paragraph() + "\n"]
    section = 0
    while sum(len(p.encode()) for p in out) < target:
        section += 1
        level = "####" if rng.random() < 0.06 else "##"
        out.append(f"{level} {w.heading()}\n")
        for _ in range(rng.randint(1, 3)):
            out.append(w.paragraph() + "\n")
        r = rng.random()
        if r < 0.3:
            out.append("\n".join(f"- {w.sentence()}" for _ in range(rng.randint(2, 5))) + "\n")
        elif r < 0.55:
            alt = "" if rng.random() < 0.2 else f"{bare(rng.choice(w.terms)).capitalize()} à {w.city}"
            out.append(f"![{alt}](images/{w.topic.replace(' ', '-')}-{section}.jpg)\n")
        elif r < 0.75:
            out.append(f"Plus d’informations sur [le site de {w.org}](https://www.exemple.fr/{section}).\n")
        if rng.random() < 0.2:
            out.append(f"### {w.heading()}\n\n{w.paragraph()}\n")
    return "\n".join(out)


def html_newsletter(rng, target):
    w = Writer(rng)
    head = (f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>{escape(w.title())}</title>\n'
            '</head>\n<body>\n<table role="presentation" width="600" align="center">\n')
    rows = [f'<tr><td><h1>{escape(w.title())}</h1>\n<p>{escape(w.paragraph())}</p></td></tr>\n']
    size = len(head.encode())
    n = 0
    while size < target:
        n += 1
        alt = "" if rng.random() < 0.15 else f' alt="{escape(bare(rng.choice(w.terms)).capitalize())}"'
        row = (f'<tr><td>\n<h2>{escape(w.heading())}</h2>\n<img src="https://www.exemple.fr/img/{n}.jpg" width="560"{alt}>\n'
               f'<p>{escape(w.paragraph())}</p>\n<p>{escape(w.paragraph())}</p>\n'
               f'<p><a href="https://www.exemple.fr/actu/{n}">Lire la suite</a></p>\n</td></tr>\n')
        rows.append(row)
        size += len(row.encode())
    foot = (f'<tr><td><p>{escape(w.org)}, 12 rue des Tanneurs, 69002 {escape(w.city)}. '
            '<a href="https://www.exemple.fr/desinscription">Se désinscrire</a></p></td></tr>\n</table>\n</body>\n</html>\n')
    return head + "".join(rows) + foot


def docx(path, rng, target):
    """A Word document as Word writes one: styles for the headings, one paragraph per run."""
    w = Writer(rng)
    paras = [("Title", w.title())]
    size = 0
    while size < target:
        h = w.heading()
        paras.append(("Heading1", h))
        for _ in range(rng.randint(2, 4)):
            p = w.paragraph()
            paras.append((None, p))
            size += len(p.encode()) + 60
        size += len(h) + 80
    body = []
    for style, text in paras:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        body.append(f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {ns}><w:body>{"".join(body)}</w:body></w:document>'
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {ns}>'
              '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
              '</w:styles>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
             '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/styles.xml", styles)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    seed = 1
    fmt = "md"
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--seed":
            seed = int(argv[i + 1]); i += 2
        elif argv[i] == "--format":
            fmt = argv[i + 1]; i += 2
        else:
            args.append(argv[i]); i += 1
    if not args:
        sys.exit(__doc__)
    cmd = args[0]
    if cmd == "articles":
        out, n = args[1], int(args[2])
        os.makedirs(out, exist_ok=True)
        for k in range(n):
            rng = random.Random(f"{seed}-{k}")
            html = fmt == "html" or (fmt == "mixed" and k % 2 == 1)
            target = rng.randint(5000, 9500)
            if html:
                write(os.path.join(out, f"newsletter-{k:04}.html"), html_newsletter(rng, target))
            else:
                write(os.path.join(out, f"article-blog-{k:04}.md"), markdown_article(rng, target))
    elif cmd == "long":
        path, size = args[1], int(args[2])
        rng = random.Random(f"{seed}-long-{size}")
        if path.endswith(".docx"):
            docx(path, rng, size)
        elif path.endswith(".html"):
            write(path, html_newsletter(rng, size))
        else:
            write(path, markdown_article(rng, size))
    elif cmd == "misspelled":
        here = os.path.dirname(os.path.abspath(__file__))
        pairs = [l.rstrip("\n").split("\t") for l in open(os.path.join(here, "misspellings.tsv"), encoding="utf-8")
                 if l.strip() and not l.startswith("#")]
        lines = ["# Vingt fautes connues\n"]
        for wrong, _right in pairs:
            lines.append(f"Dans ce texte, le mot {wrong} est écrit avec une faute que le correcteur doit reconnaître.\n")
        write(args[1], "\n".join(lines))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
