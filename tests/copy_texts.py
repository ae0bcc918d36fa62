"""Texts for the syndicated-copies tests: a wire story, copies of it as outlets print them, and look-alikes
that are not copies (written for these tests)."""

from __future__ import annotations

STORY = [
    "The harbour authority said on Tuesday that two of the four cargo cranes at the northern pier would stay"
    " closed until engineers finish checking the welds damaged in last week's storm.",
    "Shipping agents expect the closure to add three to five days to container waiting times, which had only"
    " just returned to normal after the strike in the spring.",
    "A spokeswoman for the authority declined to say how much the repairs would cost, but confirmed that an"
    " insurer had sent its own surveyors to the site on Monday.",
    "Grain exporters, who rely on the pier for bulk loading, asked the port to move their vessels to the"
    " southern terminal, where one berth is still free this month.",
    "The city council will discuss the harbour budget on Thursday, and several members have already called"
    " for an inquiry into why the cranes were not secured before the storm.",
    "Dock workers interviewed at the gate said the wind had lifted a loose container roof and thrown it"
    " against the crane legs shortly after midnight.",
    "The authority said no one was hurt and that the other two cranes had been inspected and cleared for"
    " work by the end of the weekend.",
    "Freight rates on the coastal route rose by about eight percent over the week, according to a broker"
    " who tracks prices for the regional chamber of commerce.",
]

OTHER_STORY = [
    "The regional rail operator announced on Wednesday that night trains to the mountain towns will run"
    " again from December, after a pause of almost two years.",
    "New sleeping cars bought second hand from a neighbouring country are being refitted in the depot, and"
    " the first two passed their brake tests last month.",
    "Tickets go on sale next week, and the operator promised fares no higher than a bus journey for anyone"
    " who books at least a fortnight ahead.",
    "Hotel owners in the valley welcomed the news, saying that winter guests without cars had been"
    " stranded on Sunday evenings since the service stopped.",
    "Environmental groups said the return of the trains was overdue and asked the ministry to fund a"
    " second weekly service for the spring season as well.",
    "The operator warned that some departures could still be cancelled at short notice while drivers"
    " complete their training on the steep northern line.",
]

CHINESE_STORY = [
    "港口管理局星期二表示，北码头四台货运起重机中的两台将继续关闭，直到工程师检查完上周风暴损坏的焊缝。",
    "航运代理预计，这次关闭将使集装箱等待时间增加三到五天，而等待时间在春季罢工后才刚刚恢复正常。",
    "管理局的一位女发言人拒绝透露维修费用，但证实保险公司星期一已派出自己的检验员到现场。",
    "依靠该码头散装装货的粮食出口商要求港口把他们的船只转到南部码头，那里本月还有一个泊位空着。",
    "市议会将在星期四讨论港口预算，几位议员已经要求调查为什么在风暴之前没有固定好起重机。",
    "码头工人说，午夜过后不久，大风掀起一个松动的集装箱顶盖，把它甩到了起重机的支腿上。",
]

OTHER_CHINESE_STORY = [
    "地区铁路公司星期三宣布，开往山区小镇的夜班火车将从十二月起恢复运行，此前已停运将近两年。",
    "从邻国购买的二手卧铺车厢正在车辆段改装，其中头两节上个月通过了制动测试。",
    "车票下周开始发售，公司承诺，提前两周以上订票的乘客票价不会高于长途汽车。",
    "山谷里的旅馆老板对这一消息表示欢迎，他们说自从停运以来，没有汽车的冬季游客星期天晚上常常无法离开。",
    "环保团体表示，火车早就该恢复，并要求交通部为春季再资助每周一班的列车。",
]


def original(story: list[str] = STORY, title: str = "Storm damage closes harbour cranes") -> str:
    """The wire service's own text: its headline, then the story."""
    return "\n\n".join([title, *story])


def syndicated(story: list[str] = STORY, drop: int | None = 5) -> str:
    """An outlet's copy: another headline and byline, one paragraph left out, the outlet's footer."""
    kept = [paragraph for number, paragraph in enumerate(story) if number != drop]
    return "\n\n".join(
        [
            "Cranes out of action at northern pier after storm",
            "By our correspondent, with agency reports",
            *kept,
            "Copyright the Evening Courier. All rights reserved. Subscribe for the morning briefing.",
        ]
    )


def quoting(story: list[str] = STORY, other: list[str] = OTHER_STORY) -> str:
    """Another story that quotes one paragraph of ``story`` word for word: not a copy."""
    return "\n\n".join(["Night trains return, and the port's troubles", *other, f"As the agency put it: “{story[1]}”"])


def markdown(title: str, published: str, text: str, site: str = "") -> str:
    """A Markdown file with front matter, as the importers read it."""
    lines = ["---", f"title: {title}", f"date: {published}"] + ([f"site: {site}"] if site else []) + ["---", ""]
    return "\n".join(lines) + text + "\n"
