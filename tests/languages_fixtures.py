"""One invented event told in four languages, written for these tests (no real article text).

An AFP dispatch in French with its Spanish and German translations, an independent English report of
the same race, and an unrelated French story of the same days about another town.
"""

from __future__ import annotations

import json
from pathlib import Path

FRENCH = {
    "id": "race-fr",
    "url": "https://journal.example/fr/route-ambre",
    "published": "2031-03-16",
    "title": "La navigatrice Mereana Tawhiri remporte la Route de l'Ambre à Lorient",
    "text": (
        "LORIENT (AFP) - La navigatrice néo-zélandaise Mereana Tawhiri a remporté dimanche la Route de"
        " l'Ambre, une course transatlantique en solitaire, en franchissant la ligne d'arrivée à Lorient"
        " après 18 jours et 6 heures de mer.\n\n"
        "Partie de Saint-Barthélemy le 24 février, elle a devancé de plus de onze heures le skipper"
        " norvégien Anders Holmvik, deuxième de l'épreuve.\n\n"
        "« J'ai vécu des nuits très dures dans le golfe de Gascogne, mais le bateau a tenu bon », a déclaré"
        " Mereana Tawhiri sur le ponton, devant plusieurs centaines de spectateurs.\n\n"
        "Son monocoque, le Kōtuku, a perdu une partie de sa grand-voile lors d'une tempête au large des"
        " Açores.\n\n"
        "Trente-deux concurrents avaient pris le départ de cette quatrième édition, et vingt-sept sont"
        " encore en course.\n\n"
        "La navigatrice de 34 ans devient la première femme à gagner l'épreuve depuis sa création en"
        " 2014.\n\n"
        "La maire de Lorient, Hélène Corbière, a annoncé qu'une réception serait organisée lundi en son"
        " honneur."
    ),
}

SPANISH = {
    "id": "race-es",
    "url": "https://diario.example/es/ruta-ambar",
    "published": "2031-03-16",
    "title": "La navegante Mereana Tawhiri gana la Ruta del Ámbar en Lorient",
    "text": (
        "LORIENT (AFP) - La navegante neozelandesa Mereana Tawhiri ganó el domingo la Ruta del Ámbar, una"
        " regata transatlántica en solitario, al cruzar la línea de meta en Lorient tras 18 días y 6 horas"
        " de navegación.\n\n"
        "Tras zarpar de San Bartolomé el 24 de febrero, aventajó en más de once horas al patrón noruego"
        " Anders Holmvik, segundo de la prueba.\n\n"
        '"Viví noches muy duras en el golfo de Vizcaya, pero el barco aguantó", declaró Mereana Tawhiri'
        " en el pantalán, ante varios centenares de espectadores.\n\n"
        "Su monocasco, el Kōtuku, perdió parte de la vela mayor durante una tormenta frente a las"
        " Azores.\n\n"
        "Treinta y dos participantes tomaron la salida de esta cuarta edición, y veintisiete siguen en"
        " carrera.\n\n"
        "La navegante de 34 años se convierte en la primera mujer en ganar la prueba desde su creación en"
        " 2014.\n\n"
        "La alcaldesa de Lorient, Hélène Corbière, anunció que el lunes se celebrará una recepción en su"
        " honor."
    ),
}

GERMAN = {
    "id": "race-de",
    "url": "https://zeitung.example/de/bernsteinroute",
    "published": "2031-03-16",
    "title": "Seglerin Mereana Tawhiri gewinnt die Bernsteinroute in Lorient",
    "text": (
        "LORIENT (AFP) - Die neuseeländische Seglerin Mereana Tawhiri hat am Sonntag die Bernsteinroute"
        " gewonnen, eine Einhand-Transatlantikregatta, als sie nach 18 Tagen und 6 Stunden auf See in"
        " Lorient die Ziellinie überquerte.\n\n"
        "Nach dem Start in Saint-Barthélemy am 24. Februar lag sie mehr als elf Stunden vor dem"
        " norwegischen Skipper Anders Holmvik, dem Zweiten des Rennens.\n\n"
        "„Ich habe im Golf von Biskaya sehr harte Nächte erlebt, aber das Boot hat gehalten“, sagte"
        " Mereana Tawhiri auf dem Steg vor mehreren hundert Zuschauern.\n\n"
        "Ihr Einrumpfboot, die Kōtuku, verlor bei einem Sturm vor den Azoren einen Teil des"
        " Großsegels.\n\n"
        "Zweiunddreißig Teilnehmer waren zu dieser vierten Auflage gestartet, siebenundzwanzig sind noch"
        " im Rennen.\n\n"
        "Die 34-jährige Seglerin ist die erste Frau, die das Rennen seit seiner Gründung im Jahr 2014"
        " gewinnt.\n\n"
        "Die Bürgermeisterin von Lorient, Hélène Corbière, kündigte an, dass am Montag ein Empfang zu"
        " ihren Ehren stattfinden wird."
    ),
}

ENGLISH = {
    "id": "race-en",
    "url": "https://daily.example/en/amber-route",
    "published": "2031-03-16",
    "title": "Tawhiri becomes first woman to win the Amber Route",
    "text": (
        "Mereana Tawhiri sailed into Lorient on Sunday to win the Amber Route, the first woman to take the"
        " solo transatlantic race since it began in 2014.\n\n"
        "The 34-year-old New Zealander finished more than eleven hours ahead of Norway's Anders Holmvik"
        " after 18 days at sea from Saint-Barthélemy.\n\n"
        "Her boat tore its mainsail in a storm near the Azores, and she sailed the last week with a"
        " reefed rig.\n\n"
        '"The Bay of Biscay was brutal, but I never thought of giving up," Tawhiri told reporters on the'
        " dock.\n\n"
        "Organisers said 27 of the 32 starters were still at sea on Sunday evening."
    ),
}

UNRELATED_FRENCH = {
    "id": "strike-fr",
    "url": "https://journal.example/fr/greve-tramway",
    "published": "2031-03-16",
    "title": "Grève des conducteurs de tramway à Montbrison-sur-Lise",
    "text": (
        "Les conducteurs de tramway de Montbrison-sur-Lise ont cessé le travail lundi pour réclamer une"
        " hausse de leurs salaires et de meilleurs horaires.\n\n"
        "Selon le syndicat, plus de 200 agents ont suivi le mouvement, et aucune rame n'a circulé sur les"
        " deux lignes de la ville.\n\n"
        "La direction de la régie des transports a dénoncé une grève « disproportionnée » et proposé une"
        " nouvelle réunion mercredi.\n\n"
        "Des bus de remplacement ont été mis en place, mais de longues files d'attente se sont formées"
        " devant les arrêts du centre.\n\n"
        "Le maire, Jacques Vernadet, a appelé les deux parties à reprendre le dialogue au plus vite."
    ),
}

RACE = (FRENCH, SPANISH, GERMAN, ENGLISH)
TRANSLATIONS = (FRENCH, SPANISH, GERMAN)
ALL = (*RACE, UNRELATED_FRENCH)


def write_pile(path: Path, records: tuple[dict[str, str], ...] = ALL) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
