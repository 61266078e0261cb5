#!/usr/bin/env python3
"""Writes a class of N generated candidates for `livrable cohort`, as Moodle's « download
all submissions » lays it out: one folder per candidate, `Prénom Nom_<id>_assignsubmission_file_/`,
each holding five files made the way candidates make them:

- plan_de_communication.docx  (python-docx: headings, personas, objectives, an action table
                               with periods and owners, KPIs with targets, a budget paragraph)
- budget_previsionnel.xlsx     (openpyxl: cost lines with HT, TVA, TTC, a total line)
- article-blog.md              (a blog article with its keyword, headings, links, an image)
- newsletter.html              (an HTML e-mail with alt texts and an unsubscribe link)
- communique-de-presse.pdf     (a one-page press release, a PDF written by hand below)

One candidate in seven has a planted problem (a budget total that does not add up, a
skipped heading level, an image without alternative), so that the grids differ.

Usage: python3 bench/cohort/generate.py OUT [N]      (N defaults to 1000)
       python3 bench/cohort/generate.py OUT N --zip  (also writes OUT.zip of the folders)
Needs: pip install python-docx openpyxl
The output is the same on every run (fixed seed and dates).
"""

import datetime
import os
import random
import sys
import zipfile

from docx import Document
from openpyxl import Workbook

FIRST = ["Camille", "Léa", "Hugo", "Zoé", "Lucas", "Inès", "Nathan", "Chloé", "Théo", "Manon",
         "Élodie", "Maël", "Jade", "Noé", "Anaïs", "Gaël", "Sarah", "Yanis", "Clémence", "Enzo"]
LAST = ["Laurent", "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Roux",
        "Fournier", "Le Bihan", "Mercier", "Blanc", "Guérin", "Faure", "Chevalier", "Perrin"]
CLIENTS = ["Jardins de Loire", "Boulangerie Martin", "Festival des Lumières", "Ressourcerie du Quai",
           "Salon Habitat Durable", "Musée de la Marine", "Cave Saint-Vincent", "Vélo Cité"]
FIXED = datetime.datetime(2027, 1, 15, 9, 0, 0)


def plan(path, client, flawed):
    d = Document()
    d.core_properties.created = FIXED
    d.core_properties.modified = FIXED
    d.core_properties.author = "Candidat"
    d.add_heading(f"Plan de communication — {client}", 0)
    d.add_heading("Contexte et objectifs", 1)
    d.add_paragraph(f"{client} souhaite faire connaître son offre auprès du public local. "
                    "Période de la campagne : du 1er mars au 30 juin 2027.")
    d.add_paragraph("Objectif 1 : atteindre 2 000 visiteurs sur le site d'ici le 30 juin 2027.")
    d.add_paragraph("Objectif 2 : recueillir 300 inscriptions à la newsletter avant fin juin 2027.")
    d.add_heading("Cibles et personas", 1)
    d.add_paragraph("Cible principale : les habitants de l'agglomération, de 30 à 65 ans.")
    d.add_heading("Persona 1 : Sophie, 42 ans", 3 if flawed == "heading" else 2)
    d.add_paragraph("Sophie, 42 ans, cadre, mère de deux enfants, cherche des sorties locales.")
    d.add_heading("Persona 2 : Marc, 58 ans", 2)
    d.add_paragraph("Marc, 58 ans, retraité actif, lit la presse régionale chaque matin.")
    d.add_heading("Messages clés", 1)
    d.add_paragraph("Un acteur local, proche et engagé.")
    d.add_heading("Plan d'actions", 1)
    rows = [("Action", "Canal", "Type", "Période", "Responsable"),
            ("Publications Instagram", "Instagram", "Digital", "mars–juin 2027", "Camille"),
            ("Newsletter mensuelle", "E-mailing", "Digital", "mars–juin 2027", "Hugo"),
            ("Communiqué de presse", "Presse régionale", "Traditionnel", "mars 2027", "Camille"),
            ("Distribution de flyers", "Imprimés", "Traditionnel", "15–27 mars 2027", "Hugo")]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_heading("Indicateurs", 1)
    k = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("Indicateur", "Cible", "Outil"),
                             ("Visiteurs du site", "2 000", "Matomo"),
                             ("Inscriptions newsletter", "300", "Brevo")]):
        for c, text in enumerate(row):
            k.cell(r, c).text = text
    d.add_heading("Budget", 1)
    d.add_paragraph("Le budget total est de 6 000 € HT, détaillé dans le budget prévisionnel.")
    d.save(path)


def budget(path, flawed):
    wb = Workbook()
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Budget prévisionnel de la campagne"])
    ws.append([])
    ws.append(["Poste", "Type", "Montant HT", "TVA", "Montant TTC"])
    lines = [("Publications Instagram", "Variable", 1500), ("Newsletter mensuelle", "Fixe", 900),
             ("Communiqué de presse", "Fixe", 600), ("Distribution de flyers", "Variable", 3000)]
    for name, kind, ht in lines:
        ws.append([name, kind, ht, round(ht * 0.2, 2), round(ht * 1.2, 2)])
    total = sum(ht for _, _, ht in lines) + (500 if flawed == "budget" else 0)
    ws.append(["Total", "", total, round(total * 0.2, 2), round(total * 1.2, 2)])
    wb.save(path)


def site(client):
    """The client's own web address, as a candidate writes it."""
    slug = "".join(c for c in client.lower().replace(" ", "-") if c.isalnum() or c == "-")
    for a, b in (("é", "e"), ("è", "e"), ("ô", "o"), ("à", "a")):
        slug = slug.replace(a, b)
    return f"https://www.{slug}.fr"


def article(path, client, flawed):
    image = "![](photo-atelier.jpg)" if flawed == "image" else \
        "![Deux bénévoles réparent un vélo dans l'atelier](photo-atelier.jpg)"
    web = site(client)
    text = f"""Mot-clé principal : atelier réparation

Méta-description : l'atelier réparation de {client} aide chaque samedi les habitants à réparer leurs objets avec des bénévoles.

# Pourquoi réparer plutôt que jeter : l'atelier de {client}

Publié le 3 mars 2027 · Temps de lecture : 3 minutes

Chaque samedi, l'atelier accueille les habitants qui veulent donner une seconde vie à leurs
objets. Les bénévoles montrent les gestes simples et prêtent les outils.

## Un atelier ouvert à tous

Il suffit de venir avec l'objet à réparer. Les bénévoles expliquent chaque étape, et
chacun repart avec un objet qui fonctionne et un savoir-faire nouveau. L'atelier réparation
est gratuit ; une participation libre aide à acheter les pièces détachées et les outils.

Les habitants qui viennent pour la première fois sont souvent surpris : une grille-pain qui
ne chauffe plus, une lampe dont l'interrupteur a lâché ou un pantalon décousu se réparent
en quelques gestes, à condition d'avoir le bon outil et quelqu'un pour montrer comment faire.
C'est tout l'esprit de l'atelier réparation : apprendre ensemble plutôt que racheter.

{image}

## Ce que l'on y répare

Petits appareils, vêtements, vélos : la plupart des pannes se réparent en moins d'une
heure. Les bénévoles tiennent un carnet des réparations réussies, que chacun peut consulter
pour préparer sa venue, et orientent vers un professionnel quand la panne demande une pièce
que l'atelier n'a pas. Chaque réparation évite un déchet et un achat : sur une année,
l'atelier a redonné vie à plus de huit cents objets du quotidien.

Voir le [programme des ateliers]({web}/ateliers) et les
[conseils de l'ADEME](https://www.ademe.fr/).

## Comment venir

L'atelier se tient dans la salle municipale, au rez-de-chaussée, accessible aux personnes
à mobilité réduite. Des places de stationnement pour vélos sont prévues devant l'entrée, et
la ligne de bus 12 s'arrête à deux minutes à pied.

## En savoir plus

Inscrivez-vous à la [newsletter]({web}/newsletter) pour connaître les
prochaines dates.
"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def newsletter(path, client):
    web = site(client)
    html = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>La lettre de {client} — mars 2027</title></head>
<body>
<table role="presentation" width="600" style="margin:0 auto;font-family:Arial,sans-serif">
<tr><td><img src="{web}/images/logo.png" alt="{client}" width="200" height="60"></td></tr>
<tr><td><h1 style="color:#1b1b1b">Le printemps de {client}</h1>
<p style="color:#333333">Découvrez nos rendez-vous du mois de mars et inscrivez-vous aux ateliers.</p>
<p><a href="{web}/ateliers" style="color:#1f3f7a">Voir le programme des ateliers</a></p></td></tr>
<tr><td><p style="color:#555555;font-size:12px">{client}, 12 rue de la Loire, 44000 Nantes. Vous recevez cet e-mail car vous êtes inscrit à notre lettre.
<a href="{web}/desinscription" style="color:#1f3f7a">Se désinscrire</a></p></td></tr>
</table>
</body></html>
"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)


def pdf(path, client):
    """A one-page PDF in Helvetica (WinAnsi, so French accents are single bytes): the
    objects, then a cross-reference table with each object's byte offset."""
    lines = ["COMMUNIQUÉ DE PRESSE", f"{client} lance ses ateliers de printemps",
             "Nantes, le 1er mars 2027 - Pour diffusion immédiate.",
             "Chaque samedi de mars à juin, les habitants sont invités à réparer leurs objets",
             "avec l'aide de bénévoles. L'entrée est libre.",
             "« Réparer, c'est transmettre », explique la présidente de l'association.",
             "À propos de " + client + " : association locale engagée pour le réemploi depuis 2015.",
             "Contact presse : Camille Laurent, 02 40 00 00 00, presse@" + site(client)[12:]]
    def esc(s):
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = "BT /F1 12 Tf 60 780 Td 16 TL\n" + "".join(f"({esc(l)}) '\n" for l in lines) + "ET\n"
    stream = stream.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Title (" + esc(f"Communiqué de presse - {client}").encode("cp1252") + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(14)
    os.makedirs(out, exist_ok=True)
    folders = []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        folder = os.path.join(out, f"{name}_{100000 + i}_assignsubmission_file_")
        os.makedirs(folder, exist_ok=True)
        client = rng.choice(CLIENTS)
        flawed = {1: "budget", 3: "heading", 5: "image"}.get(i % 7)
        plan(os.path.join(folder, "plan_de_communication.docx"), client, flawed)
        budget(os.path.join(folder, "budget_previsionnel.xlsx"), flawed)
        article(os.path.join(folder, "article-blog.md"), client, flawed)
        newsletter(os.path.join(folder, "newsletter.html"), client)
        pdf(os.path.join(folder, "communique-de-presse.pdf"), client)
        folders.append(folder)
    if "--zip" in sys.argv:
        with zipfile.ZipFile(out.rstrip("/") + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
            for folder in folders:
                for name in sorted(os.listdir(folder)):
                    info = zipfile.ZipInfo(os.path.basename(folder) + "/" + name, (2027, 1, 15, 9, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with open(os.path.join(folder, name), "rb") as f:
                        z.writestr(info, f.read())


if __name__ == "__main__":
    main()
