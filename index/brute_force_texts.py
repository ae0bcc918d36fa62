"""The sentences and queries of the generated truth libraries, one set per language (written for Lectern).

Each set has filler sentences (the background of an article) and planted sentences: the phrases to
find in the forms real text uses (inflections, particles, letter variants, diacritics, tatweel,
zero-width characters, full-width letters, half-width katakana, capitals, hyphens) and near misses
that must not count (a CJK phrase broken by punctuation, a longer word, a word glued to a prefix).
What counts is decided by the oracle in ``index.brute_force_languages``, never by these lists; the
comments only say what each sentence is there to test.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """A query as a researcher types it: ``words`` quoted (a phrase: exact apart from normalisation) or
    not (a plain word: every form in the article's language; a CJK run: a substring, as if quoted)."""

    words: str
    quoted: bool

    @property
    def text(self) -> str:
        return f'"{self.words}"' if self.quoted else self.words


def _q(*words: str) -> tuple[Query, ...]:
    return tuple(Query(word, quoted=True) for word in words)


def _plain(*words: str) -> tuple[Query, ...]:
    return tuple(Query(word, quoted=False) for word in words)


@dataclass(frozen=True)
class LanguageSet:
    """What the generated articles of one language are made of, and the queries asked of them."""

    code: str  # ISO 639-1, as documents.language stores it
    name: str
    title: str  # "{number}" is replaced by the article's number
    filler: tuple[str, ...]
    planted: tuple[str, ...]
    queries: tuple[Query, ...]
    sentence_gap: str = " "  # "" where sentences follow each other without a space (Chinese, Japanese)


CHINESE = LanguageSet(
    code="zh",
    name="Chinese",
    title="生成的报告 {number}",
    sentence_gap="",
    filler=(
        "分析人士指出，新的出口规则可能会推迟交付。",
        "官员在峰会前表示，预算将重新审查。",
        "港口的物流公司正在寻找替代厂商。",
        "这份报告描述了区域内的维修依赖问题。",
        "雷达站附近的道路在冬季经常封闭。",
        "多家工厂表示库存只能维持三个月。",
    ),
    planted=(
        "制裁措施正在改变区域的供应链。",
        "防空系统的维护依赖进口零件。",
        "一隻貓頭鷹在雷達站的屋頂上休息。",  # 貓頭鷹 inside a longer run of Han characters
        "夜裡，貓頭鷹、貓頭鷹，還有更多貓頭鷹。",
        "反制裁法与新的出口管制影响了供应链和防空。",  # 制裁 inside 反制裁法
        "报告把供应，链拆开写，这不是一个词。",  # near miss: 供应链 broken by a comma
        "防、空两个字被顿号隔开。",  # near miss for 防空; a match for "防 空"
        "ＨＱ－９防空导弹与HQ-9相同，但hq9是另一个型号。",  # full-width Latin and digits; hq9 is one word
        "型号ＡＢＣ１２的零件来自ABC12工厂。",
        "供应\u200b链的韧性正在下降。",  # near miss for 供应链: a zero-width space is a space
        "老鷹和貓頭鷹都是猛禽。",
        "从PDF复制的\u2f2f\u2f1a库存报告写着Kangxi部首。",  # Kangxi radicals ⼯⼚ for 工厂, as PDFs give them
        "系统已\uf901新零件清单。",  # a compatibility ideograph (U+F901) for 更
        "美国的sanctions和export controls也影响了供应链。",  # English words in a Chinese article
        "2024年的报告与24年的报告不同。",  # 24年 is not in 2024年: 24 is a whole word
    ),
    queries=_q("供应链", "防空", "貓頭鷹", "出口管制", "防 空", "HQ-9", "abc12", "HQ-9防空", "防空系统", "export controls", "24年", "ＨＱ－９防空")
    + _plain("貓頭鷹", "制裁", "鷹", "零件", "工厂", "更新", "sanction"),
)

JAPANESE = LanguageSet(
    code="ja",
    name="Japanese",
    title="生成された報告 {number}",
    sentence_gap="",
    filler=(
        "専門家は、予算の見直しが首脳会談の前に行われると述べた。",
        "港の倉庫では在庫の確認が続いている。",
        "各国の人々が会議の結果を待っている。",
        "地域の工場は冬に向けて準備を進めている。",
        "担当者によると、交渉は来月も続く見通しだ。",
    ),
    planted=(
        "防空システムの維持には輸入部品が欠かせない。",
        "制裁の影響でサプライチェーンが見直されている。",
        "古い記事にはｻﾌﾟﾗｲﾁｪｰﾝという半角の表記も残っている。",  # half-width katakana with a sound mark
        "サフ\u309aライチェーンと分解された文字で書かれた文書もある。",  # a combining semi-voiced mark
        "政府は輸出管理を強化すると発表した。",
        "輸出・管理という書き方は一続きの語ではない。",  # near miss for 輸出管理; a match for "輸出 管理"
        "ミサイル部品の在庫が不足している。",
        "対ロ制裁、制裁逃れ、そして制裁の強化。",
        "ＰＡＣ３の部品はPAC3と同じ扱いだ。",  # full-width Latin and digits
        "ははは、と担当者は笑った。",  # はは once: occurrences do not overlap
        "サプライ・チェーンと中黒で区切る記事もある。",  # near miss for サプライチェーン; a match for "サプライ チェーン"
    ),
    queries=_q("サプライチェーン", "サプライ チェーン", "輸出管理", "輸出 管理", "pac3", "人々", "防空システム", "ｻﾌﾟﾗｲﾁｪｰﾝ")
    + _plain("防空", "制裁", "部品", "ミサイル", "の", "はは"),
)

KOREAN = LanguageSet(
    code="ko",
    name="Korean",
    title="생성된 보고서 {number}",
    filler=(
        "전문가들은 예산 검토가 회의 전에 끝날 것이라고 말했다.",
        "항구의 창고에서는 재고 확인이 계속되고 있다.",
        "지역 공장들은 겨울을 앞두고 준비하고 있다.",
        "담당자는 협상이 다음 달에도 이어질 것이라고 밝혔다.",
    ),
    planted=(
        "정부는 방공 지원을 확대하겠다고 밝혔다.",  # particles glued to the noun: 지원을, 지원이, 지원은
        "방공 지원이 부족하다는 지적이 나왔다.",
        "방공 지원은 내년에도 계속된다.",
        "방공지원이라고 붙여 쓰면 띄어 쓴 구절과 다르다.",  # near miss for "방공 지원"
        "방공, 지원 순서로 나열했다.",
        "제재의 영향으로 공급망이 흔들리고 있다.",
        "수출 통제는 다음 달에 검토될 예정이다.",
        "대북제재와 제재 완화가 동시에 논의되었다.",
        "ＫＭ－ＳＡＭ 체계와 KM-SAM 체계는 같은 이름이다.",
        "협상이 길어져서 ㅠㅠ 모두 지쳤다 ㅋㅋㅋ",  # compatibility jamo, as chat text writes them
        "\u1107\u1161\u11bc\u1100\u1169\u11bc \u110c\u1175\u110b\u116f\u11ab\u110b\u1173\u11af \u1103\u1161\u1109\u1175 \u110b\u116d\u110e\u1165\u11bc\u1112\u1162\u11bb\u1103\u1161.",  # decomposed Hangul (NFD): 방공 지원을 다시 요청했다
    ),
    queries=_q("방공 지원", "수출 통제", "km-sam", "ㅋㅋ") + _plain("지원", "방공", "공급망", "제재", "지", "ㅠ"),
)

RUSSIAN = LanguageSet(
    code="ru",
    name="Russian",
    title="Сгенерированный отчёт {number}",
    filler=(
        "Аналитики отметили, что бюджет пересмотрят до саммита.",
        "Чиновники назвали правила экспорта слишком мягкими.",
        "Склады в порту работают в две смены.",
        "Зимой дороги к радарной станции часто закрыты.",
    ),
    planted=(
        "Оборона города зависит от запчастей.",
        "Министерство обороны обсуждает новые санкции.",
        "Речь шла о противовоздушной обороне региона.",
        "Правительство усилило оборону границы.",
        "Он руководил обороной порта.",
        "ОБОРОНА и оборона пишутся по-разному, но это одно слово.",
        "Обороноспособность и оборонный бюджет — другие слова.",  # near misses for the quoted word
        "Санкции, санкций, санкциям: цепочки поставок рвутся.",
        "Цепочки-поставок и цепочки поставок снова под угрозой.",
        "Цепочка поставок восстановлена, поставки идут.",
        "В словаре пишут оборо\u0301на с ударением.",  # a combining acute accent
    ),
    queries=_q("оборона", "цепочки поставок", "противовоздушной обороне")
    + _plain("оборона", "санкции", "поставки", "цепочка", "ОБОРОНЫ"),
)

PERSIAN = LanguageSet(
    code="fa",
    name="Persian",
    title="گزارش ساخته شده {number}",
    filler=(
        "کارشناسان گفتند بودجه پیش از نشست بررسی می\u200cشود.",
        "انبارهای بندر در دو نوبت کار می\u200cکنند.",
        "جاده\u200cهای منطقه در زمستان اغلب بسته است.",
        "مقام\u200cها گفتند مذاکرات ماه آینده ادامه دارد.",
    ),
    planted=(
        "من می\u200cخواهم درباره پدافند هوایی بنویسم.",  # ZWNJ inside the word
        "او میخواهم را بدون نیم\u200cفاصله نوشت.",  # the same word without it
        "مي\u200cخواهم با ياء عربی نوشته شده است.",  # Arabic yeh
        "می خواهم با فاصله دو کلمه است.",  # near miss for the quoted word: two words
        "تحریم\u200cها بر زنجیره تأمین اثر گذاشت.",
        "تحريم\u200cهاي جديد زنجيره تأمين را مختل كرد.",  # Arabic yeh and kaf throughout
        "کمک نظامی و كمك نظامي هر دو دیده می\u200cشود.",
        "پدافند هوائی در متن\u200cهای قدیمی دیده می\u200cشود.",
        "تحریم تازه اعلام شد.",
        "این گزارش در سال ۱۴۰۳ و نسخه دیگرش در سال 1403 منتشر شد.",  # Persian and ASCII digits
    ),
    queries=_q("می\u200cخواهم", "پدافند هوایی", "زنجیره تأمین", "کمک نظامی", "1403", "زنجيره تأمين") + _plain("تحریم", "کمک"),
)

ARABIC = LanguageSet(
    code="ar",
    name="Arabic",
    title="تقرير مولد {number}",
    filler=(
        "قال محللون إن الميزانية ستراجع قبل القمة.",
        "تعمل مستودعات الميناء في نوبتين.",
        "تغلق الطرق المؤدية إلى محطة الرادار في الشتاء.",
        "قال مسؤولون إن المفاوضات ستستمر الشهر المقبل.",
    ),
    planted=(
        "أعلنت وزارة الدفاع عن عقوبات جديدة.",
        "الدِّفاعُ الجويُّ يحتاج إلى قطع غيار.",  # diacritics
        "يعتمد الدفـــاع الجوي على الرادار.",  # tatweel
        "سلسلة التوريد تأثرت بالعقوبات.",
        "سلسله التوريد مكتوبة هنا بالهاء.",  # teh marbuta written as heh
        "والدفاع عن الميناء كلمة واحدة.",  # near miss for the quoted word: one word with its prefix
        "الصناعات الدفاعية ليست الدفاع نفسه.",
        "العقوبة والعقوبات الجديدة.",
        "صدر التقرير عام ٢٠٢٤ ثم أعيد نشره عام 2024.",  # Arabic-Indic and ASCII digits
        "الدفاع ـ الجوي كتب بتطويل منفرد بين الكلمتين.",  # a lone tatweel, used as a dash: nothing once normalised
    ),
    queries=_q("الدفاع", "الدفاع الجوي", "سلسلة التوريد", "2024", "الدِّفاعُ الجويُّ") + _plain("عقوبات", "الدفاع"),
)

GERMAN = LanguageSet(
    code="de",
    name="German",
    title="Erzeugter Bericht {number}",
    filler=(
        "Analysten sagten, der Haushalt werde vor dem Gipfel geprüft.",
        "Die Lager im Hafen arbeiten in zwei Schichten.",
        "Im Winter sind die Straßen zur Radarstation oft gesperrt.",
        "Beamte erklärten, die Gespräche gingen nächsten Monat weiter.",
    ),
    planted=(
        "Die Luftverteidigung braucht Ersatzteile.",
        "Die Lieferkette ist durch Sanktionen gestört.",
        "Lieferketten und das Lieferkettengesetz sind andere Wörter.",  # near misses for the quoted word
        "Die Maßnahmen gegen den Export wurden verschärft.",
        "In der Schweiz schreibt man Massnahmen.",
        "MASSNAHMEN und MA\u1e9eNAHMEN stehen in Großbuchstaben.",  # capital sharp s
        "Die Straße zum Hafen, die Strasse zur Grenze.",
        "Eine Sanktion allein reicht nicht, die Sanktionierung dauert.",
        "Die Ersatzteil-Lieferkette ist durch-Sanktionen-gestört.",
        "Die Liefer\u00adkette trägt einen weichen Trennstrich.",  # a soft hyphen inside the word
        "Die De\ufb01nition der Luftverteidigung stammt aus einem PDF.",  # the ﬁ ligature, as PDFs give it
    ),
    queries=_q("Maßnahmen", "Lieferkette", "Straße", "durch Sanktionen gestört", "Definition", "MASSNAHMEN")
    + _plain("Sanktion", "Lieferkette", "Luftverteidigung"),
)

LANGUAGE_SETS: tuple[LanguageSet, ...] = (CHINESE, JAPANESE, KOREAN, RUSSIAN, PERSIAN, ARABIC, GERMAN)

# The English reference library is index.brute_force's generated articles; these are asked of it
# besides its quoted phrases (index.brute_force.PHRASES).
ENGLISH_PLAIN = _plain("sanction", "support", "chain", "export")
