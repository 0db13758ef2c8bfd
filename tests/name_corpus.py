"""Names for the citation comparison (issue 27), written here.

Each :class:`Case` is a byline as an article gives it, the language of the article, what its
sidecar states (None: the byline alone), and the CSL-JSON name a careful cataloguer would write
(``expected``; None for an organisation, written as ``literal``). tests/test_cite_citeproc_js.py
formats an article by each name with the page's code (from the byline) and with citeproc-js
(from ``expected``), in the same official styles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Case:
    byline: str
    expected: dict[str, str] | None  # None: an organisation (CSL "literal")
    sidecar: dict[str, Any] | None = None
    language: str = "en"


def _p(given: str, family: str, **more: str) -> dict[str, str]:
    return {"family": family, "given": given, **{k.replace("_", "-"): v for k, v in more.items()}}


NAMES: list[Case] = [
    # Korean and Chinese, family name first, stated by the sidecar; hyphenated given names
    Case("Kim Jong-un", _p("Jong-un", "Kim"), {"family": "Kim", "given": "Jong-un", "name": "Kim Jong-un"}),
    Case("Park Min-ji", _p("Min-ji", "Park"), {"family": "Park", "given": "Min-ji", "name": "Park Min-ji"}),
    Case("Moon Jae-in", _p("Jae-in", "Moon"), {"family": "Moon", "given": "Jae-in", "name": "Moon Jae-in"}),
    Case("Lee Hyun-Woo", _p("Hyun-Woo", "Lee"), {"family": "Lee", "given": "Hyun-Woo", "name": "Lee Hyun-Woo"}),
    Case("Xi Jinping", _p("Jinping", "Xi"), {"family": "Xi", "given": "Jinping", "name": "Xi Jinping"}),
    Case("Chen Shui-bian", _p("Shui-bian", "Chen"), {"family": "Chen", "given": "Shui-bian", "name": "Chen Shui-bian"}),
    # the same names in Western order, from the byline alone
    Case("Min-ji Park", _p("Min-ji", "Park")),
    Case("Ji-hoon Choi", _p("Ji-hoon", "Choi")),
    Case("Xiao-Ming Wang", _p("Xiao-Ming", "Wang")),
    Case("Jean-Pierre Dubois", _p("Jean-Pierre", "Dubois"), language="fr"),
    Case("Anne-Marie Roux", _p("Anne-Marie", "Roux"), language="fr"),
    # Arabic, Hebrew and Persian, in their scripts and romanised
    Case("سلمى حداد", _p("سلمى", "حداد"), language="ar"),
    Case("محمد الأحمد", _p("محمد", "الأحمد"), language="ar"),
    Case("דוד כהן", _p("דוד", "כהן"), language="he"),
    Case("נועה לוי", _p("נועה", "לוי"), language="he"),
    Case("Ahmed al-Sharaa", _p("Ahmed", "Sharaa", non_dropping_particle="al-")),
    Case("Massimo d'Alema", _p("Massimo", "Alema", non_dropping_particle="d'"), language="it"),
    Case("Hassan Nasrallah", _p("Hassan", "Nasrallah")),
    Case("Yitzhak Ben-David", _p("Yitzhak", "Ben-David")),
    Case("Abdul Rahman", _p("Abdul", "Rahman")),
    # particles: Dutch, German, French, Spanish, Portuguese, Italian
    Case("Pieter van der Berg", _p("Pieter", "Berg", non_dropping_particle="van der"), language="nl"),
    Case("Ruud van Nistelrooy", _p("Ruud", "Nistelrooy", non_dropping_particle="van"), language="nl"),
    Case("Anne de Vries", _p("Anne", "Vries", non_dropping_particle="de"), language="nl"),
    Case("Jan ter Horst", _p("Jan", "Horst", non_dropping_particle="ter"), language="nl"),
    Case("Ursula von der Leyen", _p("Ursula", "Leyen", non_dropping_particle="von der"), language="de"),
    Case("Richard von Weizsäcker", _p("Richard", "Weizsäcker", non_dropping_particle="von"), language="de"),
    Case("Charles de Gaulle", _p("Charles", "Gaulle", non_dropping_particle="de"), language="fr"),
    Case("Jean de la Fontaine", _p("Jean", "Fontaine", non_dropping_particle="de la"), language="fr"),
    Case("Juan de la Cruz", _p("Juan", "Cruz", non_dropping_particle="de la"), language="es"),
    Case("María del Carmen", _p("María", "Carmen", non_dropping_particle="del"), language="es"),
    Case("Leonardo da Vinci", _p("Leonardo", "Vinci", non_dropping_particle="da"), language="it"),
    Case("Lorenzo de' Medici", _p("Lorenzo", "Medici", non_dropping_particle="de'"), language="it"),
    Case("Giovanni di Stefano", _p("Giovanni", "Stefano", non_dropping_particle="di"), language="it"),
    # Spanish double surnames (language es): the last two words are the family name
    Case("José Ángel Núñez Ibáñez", _p("José Ángel", "Núñez Ibáñez"), language="es"),
    Case("Gabriel García Márquez", _p("Gabriel", "García Márquez"), language="es"),
    Case("Ana María López Fernández", _p("Ana María", "López Fernández"), language="es"),
    Case("Carmen Sánchez-Vicario", _p("Carmen", "Sánchez-Vicario"), language="es"),
    # Portuguese (language pt): entered under the last surname, as Portuguese and Brazilian
    # catalogues and the Chicago Manual of Style enter it ("Silva, Luiz Inácio Lula da"); the
    # particles da/das/do/dos/de before it are dropping particles; Filho, Júnior, Neto and
    # Sobrinho go with the surname before them; a compound surname needs the sidecar
    Case("Ana Paula Costa", _p("Ana Paula", "Costa"), language="pt"),
    Case("Luiz Inácio Lula da Silva", _p("Luiz Inácio Lula", "Silva", dropping_particle="da"), language="pt"),
    Case("Luiz Inácio da Silva", _p("Luiz Inácio", "Silva", dropping_particle="da"), language="pt"),
    Case("Maria dos Santos", _p("Maria", "Santos", dropping_particle="dos"), language="pt"),
    Case("Carlos Drummond de Andrade", _p("Carlos Drummond", "Andrade", dropping_particle="de"), language="pt"),
    Case("Sérgio Buarque de Holanda", _p("Sérgio Buarque", "Holanda", dropping_particle="de"), language="pt"),
    Case("Eça de Queirós", _p("Eça", "Queirós", dropping_particle="de"), language="pt"),
    Case("Maria Fernanda Costa Pereira", _p("Maria Fernanda Costa", "Pereira"), language="pt"),
    Case("Fernando Henrique Cardoso", _p("Fernando Henrique", "Cardoso"), language="pt-BR"),
    Case("Maria das Graças Foster", _p("Maria das Graças", "Foster"), language="pt-BR"),
    Case("José Sarney Filho", _p("José", "Sarney Filho"), language="pt-BR"),
    Case("Antonio Ribeiro de Castro Sobrinho", _p("Antonio Ribeiro", "Castro Sobrinho", dropping_particle="de"),
         language="pt"),
    Case("Ana Paula dos Reis Júnior", _p("Ana Paula", "Reis Júnior", dropping_particle="dos"), language="pt-BR"),
    Case("Camilo Castelo Branco", _p("Camilo", "Castelo Branco"), {"family": "Castelo Branco", "given": "Camilo"},
         "pt"),
    # suffixes
    Case("Martin Luther King Jr.", _p("Martin Luther", "King", suffix="Jr.")),
    Case("John Smith III", _p("John", "Smith", suffix="III")),
    Case("Henry Ford II", _p("Henry", "Ford", suffix="II")),
    # initials, middle names, apostrophes, accents, capitals
    Case("J. R. R. Tolkien", _p("J. R. R.", "Tolkien")),
    Case("Mary Ann O'Brien", _p("Mary Ann", "O'Brien")),
    Case("Seán Ó Ceallaigh", _p("Seán", "Ó Ceallaigh"), {"family": "Ó Ceallaigh", "given": "Seán"}, "ga"),
    Case("Émile Zola", _p("Émile", "Zola"), language="fr"),
    Case("Zoë Müller-Lüdenscheidt", _p("Zoë", "Müller-Lüdenscheidt"), language="de"),
    Case("JASON DITZ", _p("JASON", "DITZ")),
    Case("Maria Okafor", _p("Maria", "Okafor")),
    Case("Øyvind Åsen", _p("Øyvind", "Åsen"), language="nb"),
    Case("Ngozi Okonjo-Iweala", _p("Ngozi", "Okonjo-Iweala")),
    Case("Aleksandr Solzhenitsyn", _p("Aleksandr", "Solzhenitsyn")),
    Case("Анна Петрова", _p("Анна", "Петрова"), language="ru"),
    Case("Γιώργος Παπαδόπουλος", _p("Γιώργος", "Παπαδόπουλος"), language="el"),
    # organisations and single names: one literal name
    Case("AFP", None),
    Case("Reuters", None),
    Case("BBC News", None),
    Case("Our Foreign Staff", None),
    Case("The Editorial Board", None),
    Case("Madonna", None),
    Case("Suharto", None),
    Case("Associated Press", None),
]
