"""The generated Chinese, Japanese and Korean articles ``cjk_segmentation.py`` indexes: a few hundred
hand-written words with Zipf-like frequencies (的, の and 이 very common) and a long tail of made-up names."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

ZH_WORDS = """
的 是 在 了 和 也 有 对 将 与 不 这 中 为 上 等 就 都 而 及 其 被 从 到 并 他 我们 他们 表示 已经 可能 以及
但是 因为 所以 进行 认为 通过 没有 一个 这些 目前 同时 继续 今年 去年 政府 国家 中国 美国 俄罗斯 乌克兰 伊朗 日本
韩国 欧洲 北约 总统 外交部 国防部 发言人 官员 专家 分析 报告 经济 发展 安全 合作 问题 支持 防空 系统 导弹 军事
部队 边境 制裁 能源 石油 天然气 出口 进口 市场 价格 贸易 关税 谈判 会议 峰会 协议 条约 联合国 安理会 政策 战略
地区 国际 社会 人民 企业 技术 芯片 供应链 电力 网络 攻击 无人机 雷达 卫星 演习 海军 空军 南海 台湾 香港 北京
上海 莫斯科 华盛顿 德黑兰 新闻 媒体 记者 消息 声明 立场 关系 双边 多边 稳定 和平 冲突 危机 风险 影响 措施 计划
预算 投资 增长 通胀 货币 银行 利率 改革 法律 选举 议会 民主 防空系统 国家安全 2024年 3月 NATO G7 GDP
""".split()
ZH_PUNCTUATION = "，，，，、；："

JA_NOUNS = """
政府 日本 中国 米国 ロシア ウクライナ 韓国 北朝鮮 首相 大統領 外務省 防衛省 防衛 安全保障 防空 システム ミサイル
レーダー データ サーバー ネットワーク サイバー 攻撃 経済 制裁 エネルギー 石油 ガス 価格 市場 輸出 輸入 半導体 技術
企業 会議 首脳 会談 協力 同盟 関係 問題 対策 強化 支援 人々 様々 地域 国際 社会 報告 分析 専門家 記者 発言 声明
今年 昨年 東京 北京 ワシントン モスクワ 台湾 選挙 国会 予算 改革 影響 懸念 可能性 状況 情報 防空システム 日米 2024年
G7 NATO
""".split()
JA_PARTICLES = "の は を に が で と も から まで へ や より として について による".split()
JA_ENDINGS = """
する した している された される です ます でした ました ない ある いる なる 述べた 発表した 明らかにした
強調した 求めた 示した 見られる 伝えた
""".split()

KO_NOUNS = """
정부 국가 대통령 한국 미국 중국 일본 러시아 우크라이나 북한 이란 방공 지원 안보 국방부 외교부 장관 미사일 체계
레이더 드론 군사 훈련 동맹 협력 경제 제재 에너지 석유 가스 가격 시장 수출 수입 반도체 기술 기업 회의 정상 회담
관계 문제 대책 강화 지역 국제 사회 보고서 분석 전문가 기자 발표 성명 올해 작년 서울 베이징 워싱턴 모스크바 선거
국회 예산 개혁 영향 우려 가능성 상황 정보 사람들 이번 공급망 방공망 이란산 2024년 NATO
""".split()
KO_ADVERBS = "또한 그러나 특히 이미 계속 다시 함께 매우".split()
KO_ENDINGS = """
했다 밝혔다 있다 없다 한다 된다 필요하다 강조했다 발표했다 전했다 말했다 지적했다
""".split()
KO_LINKS = "했으며 있으며 하고 위해 대한 따르면 통해".split()
# (after a final consonant, after a vowel)
KO_PARTICLES = [("이", "가"), ("은", "는"), ("을", "를"), ("과", "와"), ("으로", "로"), ("의", "의"), ("에", "에"),
                ("에서", "에서"), ("도", "도"), ("까지", "까지")]

COMMON_WORDS = {
    "zh": ["的", "政府", "防空", "国家安全", "系统", "发言人", "供应链", "无人机"],
    "ja": ["の", "政府", "人々", "システム", "防空", "安全保障", "サーバー", "発表"],
    "ko": ["이", "지원", "방공", "정부", "미사일", "사람들", "발표", "공급망"],
}


NAME_SHARE = 0.06  # of the words: names and rare words made of random characters, the long tail of real text


@lru_cache(maxsize=64)
def zipf_weights(count: int) -> list[float]:
    """Cumulative weights 1/(rank + 2): the first words of a list are the common ones."""
    return list(accumulate(1.0 / (rank + 2) for rank in range(count)))


def zipf(words: Sequence[str], rng: random.Random, count: int) -> list[str]:
    return rng.choices(words, cum_weights=zipf_weights(len(words)), k=count)


def make_names(rng: random.Random, language: str, count: int = 3000) -> list[str]:
    """Made-up names of two or three random Han characters (Hangul syllables for Korean)."""
    low, high = (0xAC00, 0xD7A3) if language == "ko" else (0x4E00, 0x9FA5)
    return ["".join(chr(rng.randint(low, high)) for _ in range(rng.randint(2, 3))) for _ in range(count)]


def pick(words: Sequence[str], names: Sequence[str], rng: random.Random) -> str:
    return zipf(names if rng.random() < NAME_SHARE else words, rng, 1)[0]


def chinese_sentence(rng: random.Random, names: Sequence[str]) -> str:
    clauses = []
    for _ in range(rng.randint(1, 3)):
        clauses.append("".join(pick(ZH_WORDS, names, rng) for _ in range(rng.randint(4, 12))))
    text = "".join(clause + rng.choice(ZH_PUNCTUATION) for clause in clauses[:-1]) + clauses[-1]
    if rng.random() < 0.1:
        text = f"“{text}”"
    return text + rng.choice("。。。。！？")


def japanese_sentence(rng: random.Random, names: Sequence[str]) -> str:
    parts = []
    for _ in range(rng.randint(2, 6)):
        noun = pick(JA_NOUNS, names, rng)
        if rng.random() < 0.1:  # a short list written with the middle dot: 日本・米国
            noun += "・" + pick(JA_NOUNS, names, rng)
        parts.append(noun + zipf(JA_PARTICLES, rng, 1)[0])
        if rng.random() < 0.2:
            parts.append("、")
    if rng.random() < 0.1:
        parts.insert(0, "「" + zipf(JA_NOUNS, rng, 1)[0] + "」は")
    return "".join(parts) + zipf(JA_ENDINGS, rng, 1)[0] + "。"


def korean_particle(noun: str, rng: random.Random) -> str:
    after_consonant, after_vowel = zipf(KO_PARTICLES, rng, 1)[0]
    last = noun[-1]
    if "\uac00" <= last <= "\ud7a3":
        return after_consonant if (ord(last) - 0xAC00) % 28 else after_vowel
    return after_consonant


def korean_sentence(rng: random.Random, names: Sequence[str]) -> str:
    words = []
    for _ in range(rng.randint(3, 9)):
        roll = rng.random()
        if roll < 0.1:
            words.append(rng.choice(KO_ADVERBS))
        elif roll < 0.2:
            words.append(rng.choice(KO_LINKS) + ("," if rng.random() < 0.3 else ""))
        else:
            noun = pick(KO_NOUNS, names, rng)
            words.append(noun + (korean_particle(noun, rng) if rng.random() < 0.75 else ""))
    return " ".join(words) + " " + zipf(KO_ENDINGS, rng, 1)[0] + "."


SENTENCES: dict[str, Callable[[random.Random, Sequence[str]], str]] = {
    "zh": chinese_sentence,
    "ja": japanese_sentence,
    "ko": korean_sentence,
}
SENTENCE_JOINERS = {"zh": "", "ja": "", "ko": " "}


@dataclass
class Article:
    key: str
    language: str
    text: str


def generate_articles(count: int, seed: int) -> list[Article]:
    """``count`` articles, the languages in turn, each of 1,500 to 2,500 characters in paragraphs."""
    rng = random.Random(seed)
    names = {language: make_names(rng, language) for language in SENTENCES}
    articles = []
    for number in range(count):
        language = ("zh", "ja", "ko")[number % 3]
        target, paragraphs, length = rng.randint(1500, 2500), [], 0
        while length < target:
            sentences = [SENTENCES[language](rng, names[language]) for _ in range(rng.randint(3, 7))]
            paragraphs.append(SENTENCE_JOINERS[language].join(sentences))
            length += len(paragraphs[-1]) + 2
        articles.append(Article(f"{language}-{number}", language, "\n\n".join(paragraphs)))
    return articles
