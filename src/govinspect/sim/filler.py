"""Healthy filler and defaults: turns a scenario's `filler` block into concrete sites and accounts.

Everything is derived from the scenario seed with hash-based sub-seeds, so expansion is deterministic.
"""

from __future__ import annotations

import hashlib
import random

from govinspect.model import Platform, SiteKind, UnitKind
from govinspect.sim.scenario import AccountSpec, Scenario, SiteSpec, UnitSpec

DEPARTMENTS: list[tuple[str, str]] = [
    ("发展和改革委员会", "fgw"),
    ("教育局", "jyj"),
    ("科学技术局", "kjj"),
    ("工业和信息化局", "gxj"),
    ("公安局", "gaj"),
    ("民政局", "mzj"),
    ("司法局", "sfj"),
    ("财政局", "czj"),
    ("人力资源和社会保障局", "rsj"),
    ("自然资源局", "zrzyj"),
    ("住房和城乡建设局", "zjj"),
    ("交通运输局", "jtj"),
    ("水利局", "slj"),
    ("农业农村局", "nyncj"),
    ("商务局", "swj"),
    ("文化广电和旅游局", "wgly"),
    ("卫生健康委员会", "wjw"),
    ("退役军人事务局", "tyjrj"),
    ("应急管理局", "yjglj"),
    ("审计局", "sjj"),
    ("市场监督管理局", "scjgj"),
    ("统计局", "tjj"),
    ("医疗保障局", "ybj"),
    ("林业局", "lyj"),
    ("城市管理局", "cgj"),
    ("信访局", "xfj"),
    ("体育局", "tyj"),
    ("乡村振兴局", "xczxj"),
    ("生态环境局", "sthjj"),
    ("粮食和物资储备局", "lsj"),
]
SHORT_ALIASES: dict[str, str] = {
    "发改委": "fgw",
    "发改局": "fgw",
    "教体局": "jyj",
    "工信局": "gxj",
    "人社局": "rsj",
    "住建局": "zjj",
    "交通局": "jtj",
    "文广旅局": "wgly",
    "文旅局": "wly",
    "卫健委": "wjw",
    "退役军人局": "tyjrj",
    "应急局": "yjglj",
    "市场监管局": "scjgj",
    "医保局": "ybj",
    "城管局": "cgj",
    "环保局": "hbj",
    "资源规划局": "zrzyj",
    "自然资源局": "zrzyj",
    "公路局": "glj",
    "公路管理局": "glj",
    "房管中心": "fgzx",
    "科技局": "kjj",
    "粮食和储备局": "lsj",
    "人防办": "rfb",
    "教育局": "jyj",
    "政务大数据局": "dsjj",
    "公共资源交易中心": "ggzy",
    "茶叶局": "cyj",
    "商务局": "swj",
    "司法局": "sfj",
    "民政局": "mzj",
}
TOWNS: list[tuple[str, str]] = [
    ("城关镇", "chengguan"),
    ("新集乡", "xinji"),
    ("大河镇", "dahe"),
    ("月河镇", "yuehe"),
    ("固县镇", "guxian"),
    ("城郊乡", "chengjiao"),
    ("东关街道", "dongguan"),
    ("西关街道", "xiguan"),
    ("南关街道", "nanguan"),
    ("北关街道", "beiguan"),
    ("张楼乡", "zhanglou"),
    ("李营镇", "liying"),
    ("王集乡", "wangji"),
    ("赵河镇", "zhaohe"),
    ("杨庄镇", "yangzhuang"),
    ("马店镇", "madian"),
    ("石桥镇", "shiqiao"),
    ("黄庄乡", "huangzhuang"),
    ("高庙镇", "gaomiao"),
    ("柳泉铺镇", "liuquanpu"),
    ("白庄镇", "baizhuang"),
    ("河口乡", "hekou"),
    ("双河镇", "shuanghe"),
    ("龙潭镇", "longtan"),
    ("青山镇", "qingshan"),
    ("长岭乡", "changling"),
    ("桃园镇", "taoyuan"),
    ("杏花乡", "xinghua"),
    ("松林镇", "songlin"),
    ("槐树乡", "huaishu"),
    ("柏树镇", "baishu"),
    ("枣林乡", "zaolin"),
]
ACCOUNT_TOPICS = [
    "发布",
    "政务",
    "融媒",
    "普法",
    "民政",
    "卫健",
    "教育",
    "人社",
    "应急",
    "交通",
    "文旅",
    "市场监管",
    "税务",
    "公安",
    "消防",
    "共青团",
    "妇联",
    "农业农村",
    "城管",
    "水利",
    "自然资源",
    "生态环境",
    "住建",
    "医保",
    "退役军人",
    "司法",
    "统计",
    "发改",
    "财政",
    "科技",
    "林业",
    "审计",
    "商务",
    "信访",
    "体育",
]


def sub_rng(seed: int, *parts: object) -> random.Random:
    """A Random seeded from the scenario seed and a stable label (never Python's hash())."""
    h = hashlib.sha256(("|".join([str(seed), *map(str, parts)])).encode()).hexdigest()
    return random.Random(int(h[:16], 16))


def level_char(jurisdiction: str) -> str:
    return jurisdiction[-1] if jurisdiction[-1:] in "市县区" else "县"


def short_name(jurisdiction: str) -> str:
    j = jurisdiction
    return j[:-1] if len(j) > 2 and j[-1] in "市县区" else j


def guess_unit_kind(name: str) -> UnitKind:
    if name.endswith(("镇", "乡", "镇人民政府", "乡人民政府", "镇政府")):
        return UnitKind.TOWNSHIP
    if name.endswith(("街道", "办事处", "街道办")):
        return UnitKind.SUBDISTRICT
    if name.endswith(("集聚区", "示范区", "管委会", "开发区", "高新区")):
        return UnitKind.DEV_ZONE
    if (len(name) <= 4 and name.endswith(("县", "区"))) or (
        name.endswith(("县", "区")) and not name.startswith(("市", "县"))
    ):
        return UnitKind.COUNTY
    return UnitKind.DEPARTMENT


def host_slug(unit: str) -> str | None:
    bare = unit[1:] if unit[:1] in "市县区" else unit
    if bare in SHORT_ALIASES:
        return SHORT_ALIASES[bare]
    for full, abbr in DEPARTMENTS:
        if bare == full or bare.endswith(full):
            return abbr
    for town, py in TOWNS:
        if bare.startswith(town[:-1]) if town.endswith(("镇", "乡")) else bare == town:
            return py
    return None


def account_id(seed: int, platform: Platform, name: str) -> str:
    h = hashlib.sha256(f"{seed}|{platform.value}|{name}".encode()).hexdigest()
    n = int(h[:15], 16)
    if platform is Platform.WECHAT:
        return "gh_" + h[:12]
    if platform is Platform.DOUYIN:
        return "MS4wLjAB" + h[:16]
    if platform is Platform.WEIBO:
        return str(1000000000 + n % 8999999999)
    return str(10**15 + n % (9 * 10**15))  # 16 digits: never mistaken for an 11-digit mobile number


def expand(sc: Scenario) -> Scenario:
    """Return a copy of `sc` with filler materialised, codes/hosts/ids assigned and units declared."""
    sites = [s.model_copy(deep=True) for s in sc.sites]
    accounts = [a.model_copy(deep=True) for a in sc.accounts]
    lc = level_char(sc.jurisdiction)
    used_units = {s.unit for s in sites}
    for fi, f in enumerate(sc.filler.sites):
        rng = sub_rng(sc.seed, "filler-sites", fi)
        names = list(f.names)
        count = f.count if f.count is not None else len(names)
        if len(names) < count:
            if f.kind in (SiteKind.TOWNSHIP,):
                bank = [t for t, _ in TOWNS]
            else:
                bank = [lc + d for d, _ in DEPARTMENTS]
            used_slugs = {host_slug(u) for u in used_units | set(names)} - {None}
            pool = [
                n for n in bank if n not in used_units and n not in names and host_slug(n) not in used_slugs
            ]
            rng.shuffle(pool)
            names += pool[: count - len(names)]
        for name in names[:count]:
            used_units.add(name)
            if f.kind is SiteKind.TOWNSHIP:
                site_name = (
                    f"{sc.jurisdiction}{name}人民政府"
                    if name.endswith(("镇", "乡"))
                    else f"{sc.jurisdiction}{name}办事处"
                )
            elif f.kind is SiteKind.PORTAL:
                site_name = f"{name}人民政府"
            else:
                bare = name[1:] if name[:1] in "市县区" else name
                site_name = f"{sc.jurisdiction}{bare}"
            sites.append(SiteSpec(name=site_name, unit=name, kind=f.kind, look=f.look, items=f.items))
    # codes and hosts
    used_codes = {s.code for s in sites if s.code}
    used_hosts = {s.host for s in sites if s.host}
    seq = 1
    for i, s in enumerate(sites):
        if not s.code:
            while f"{sc.area_code}{seq:04d}" in used_codes:
                seq += 1
            s.code = f"{sc.area_code}{seq:04d}"
            used_codes.add(s.code)
        if not s.host:
            slug = host_slug(s.unit) or f"w{s.code[-4:]}"
            host = f"{slug}.{sc.domain}" if s.kind is not SiteKind.PORTAL else f"www.{sc.domain}"
            if host in used_hosts:
                host = f"{slug}{i}.{sc.domain}"
            s.host = host
            used_hosts.add(host)
        if s.look is None:
            s.look = sub_rng(sc.seed, "look", s.code).choice(["ul", "ul", "table", "jcms", "json"])
        if s.date_format is None:
            s.date_format = sub_rng(sc.seed, "datefmt", s.code).choice(
                ["iso", "iso", "cn", "slash", "short", "datetime"]
            )
    # accounts
    unit_names = sorted({u.name for u in sc.units} | {s.unit for s in sites})
    kinds = {u.name: u.kind for u in sc.units}
    used_names = {a.name for a in accounts}
    short = short_name(sc.jurisdiction)
    for fi, af in enumerate(sc.filler.accounts):
        rng = sub_rng(sc.seed, "filler-accounts", fi)
        for k in range(af.count):
            pool = unit_names
            if af.unit_kind is not None:
                pool = [
                    u for u in unit_names if kinds.get(u, guess_unit_kind(u)) is af.unit_kind
                ] or unit_names
            unit = af.unit or pool[rng.randrange(len(pool))]
            platform = af.platforms[k % len(af.platforms)]
            if guess_unit_kind(unit) in (UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT):
                bare = unit.removesuffix("人民政府").removesuffix("政府").removesuffix("办事处")
                base, topics = (
                    bare.rstrip("镇乡").removesuffix("街道"),
                    ["发布", "之声", "党建", "政务", "微讯"],
                )
            elif af.unit:
                base, topics = short_name(unit), ACCOUNT_TOPICS[:]
            else:
                base, topics = short, ACCOUNT_TOPICS[:]
            rng.shuffle(topics)
            full_named = {u.name for u in sc.units if u.full_name}
            if not af.unit and unit[:1] in "市县区" and len(unit) > 2 and unit not in full_named:
                topics.insert(0, unit[1:])
            acc_name = next((f"{base}{t}" for t in topics if f"{base}{t}" not in used_names), None)
            n = 2
            while acc_name is None or acc_name in used_names:
                acc_name = f"{base}{topics[0]}{n}"
                n += 1
            used_names.add(acc_name)
            accounts.append(AccountSpec(platform=platform, name=acc_name, unit=unit))
    for a in accounts:
        if not a.id:
            a.id = account_id(sc.seed, a.platform, a.name)
    # units
    units = [u.model_copy(deep=True) for u in sc.units]
    declared = {u.name for u in units}
    policy_units = [p.unit for s in sites for p in s.policies if p.unit]
    for name in [s.unit for s in sites] + [a.unit for a in accounts] + policy_units:
        if name not in declared:
            declared.add(name)
            units.append(UnitSpec(name=name, kind=guess_unit_kind(name)))
    out = sc.model_copy(deep=True)
    out.sites, out.accounts, out.units = sites, accounts, units
    out.filler = type(sc.filler)()
    return out


def unit_full_name(sc: Scenario, unit: str) -> str:
    """The unit's full name as it appears on its site (邓州市司法局 for 市司法局)."""
    if unit == sc.jurisdiction:
        return f"{unit}人民政府"
    for u in sc.units:
        if u.name == unit and u.full_name:
            return u.full_name
    if unit[:1] in "市县区" and len(unit) > 2:
        return sc.jurisdiction + unit[1:]
    if unit.endswith(("镇", "乡")):
        return f"{sc.jurisdiction}{unit}人民政府"
    return unit if unit.startswith(short_name(sc.jurisdiction)) else sc.jurisdiction + unit
