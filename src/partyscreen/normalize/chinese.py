"""Chinese names: dictionary translation of company/institution terms, pinyin for the rest.

Entity List parties are listed under English names, while their own
documents, websites and business registers use the Chinese name.  A
Chinese name is read in two ways:

* **translated**: greedy longest-match segmentation over :data:`TERMS`
  (company and institution vocabulary, provinces and cities); matched terms
  give their English words, the rest is romanised to pinyin (syllables of
  one word joined: 浪潮 → ``langchao``).  Terms with several usual English
  renderings (研究院 → academy / research institute; 工业大学 → university of
  technology / polytechnical university / institute of technology) give up
  to three translated readings;
* **pinyin**: every segment romanised (北京理工大学 → ``beijing ligong
  daxue``), for names listed in pinyin.

Legal forms (有限公司 → ``co ltd``) are taken out in both.  Traditional
characters are folded to simplified ones for the dictionary lookup.

Person names are read as surname (one character, or a known two-character
surname) + given name: 习近平 → ``xi jinping``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final


@lru_cache(maxsize=1)
def _pypinyin():  # type: ignore[no-untyped-def]
    """pypinyin loads half a second of dictionaries: only when a Chinese name is met."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    return Style, lazy_pinyin, PHRASES_DICT

# --------------------------------------------------------------------------
# Dictionary.  Values: one English rendering, or a tuple of renderings (the
# first is the usual one).  Facts about Chinese words, written for this
# project.

TERMS: Final[dict[str, str | tuple[str, ...]]] = {
    # the state, the military
    "中国": ("china", "chinese"),
    "中华": "china",
    "中华人民共和国": "peoples republic of china",
    "中国人民解放军": "peoples liberation army",
    "人民解放军": "peoples liberation army",
    "解放军": "peoples liberation army",
    "人民": "peoples",
    "共和国": "republic",
    "国家": ("national", "state"),
    "国防": "national defense",
    "国防科技": "national defense technology",
    "国际": "international",
    "全国": "national",
    "军事": "military",
    "军事科学院": "academy of military sciences",
    "空军": "air force",
    "海军": "navy",
    "陆军": "army",
    "火箭军": "rocket force",
    "战略支援部队": "strategic support force",
    "武警": "armed police",
    "警察": "police",
    "公安": "public security",
    "国家安全": "state security",
    "政府": "government",
    "委员会": "commission",
    "总局": "general administration",
    "管理局": "administration",
    "局": "bureau",
    "部": "department",
    # institutions
    "大学": "university",
    "学院": ("institute", "college", "academy"),
    "学校": "school",
    "研究院": ("academy", "research institute", "institute"),
    "研究所": ("research institute", "institute"),
    "研究中心": "research center",
    "研究室": "research laboratory",
    "研究": "research",
    "科学院": ("academy of sciences", "academy of science"),
    "中国科学院": ("chinese academy of sciences", "china academy of science"),
    "总部": "headquarters",
    "核心": "core",
    "工程院": "academy of engineering",
    "中心": "center",
    "实验室": "laboratory",
    "重点实验室": "key laboratory",
    "重点": "key",
    "创新": "innovation",
    "基地": "base",
    "医院": "hospital",
    "总体设计部": "general design department",
    "设计部": "design department",
    "设计": "design",
    "厂": ("factory", "plant"),
    "工厂": "factory",
    "分公司": "branch",
    "分院": "branch academy",
    "协会": "association",
    "学会": "society",
    "基金会": "foundation",
    # sciences and engineering
    "科学": ("science", "sciences"),
    "科技": ("technology", "science and technology", "technologies"),
    "科学技术": "science and technology",
    "技术": ("technologies", "technology"),
    "科技大学": ("university of science and technology",),
    "理工": ("science and technology", "technology"),
    "理工大学": ("university of science and technology", "institute of technology"),
    "理工学院": ("institute of science and technology", "institute of technology"),
    "工业": ("industry", "polytechnical", "industrial"),
    "工业大学": ("university of technology", "polytechnical university",
             "institute of technology"),
    "工程": "engineering",
    "工程大学": "engineering university",
    "工程物理": "engineering physics",
    "物理": "physics",
    "化学": "chemistry",
    "化工": "chemical",
    "数学": "mathematics",
    "力学": "mechanics",
    "光学": ("optics", "optical"),
    "声学": "acoustics",
    "生物": ("biology", "biological", "bio"),
    "生物工程": "bioengineering",
    "生物技术": "biotechnology",
    "医学": ("medical", "medicine"),
    "医科": "medical",
    "基础医学": "basic medicine",
    "军事医学": ("military medical", "military medicine"),
    "放射医学": "radiation medicine",
    "环境医学": "environmental medicine",
    "医药": "pharmaceutical",
    "制药": "pharmaceutical",
    "药理": "pharmacology",
    "毒理": "toxicology",
    "兽医": "veterinary",
    "卫生": ("health", "hygiene"),
    "卫生勤务": "health service",
    "勤务": "service",
    "疾病": "disease",
    "预防": "prevention",
    "疾病预防控制": "disease control and prevention",
    "微生物": "microbiology",
    "流行病学": "epidemiology",
    "流行病": "epidemic",
    "放射": "radiation",
    "输血": "blood transfusion",
    "野战": "field",
    "基础": "basic",
    "环境": ("environmental", "environment"),
    "医疗": "medical",
    "医疗设备": "medical equipment",
    "医疗器械": "medical devices",
    "材料": "materials",
    "新材料": "new materials",
    "冶金": "metallurgy",
    "金属": "metals",
    "有色金属": "nonferrous metals",
    "钢铁": "steel",
    "能源": "energy",
    "核": "nuclear",
    "核工业": "nuclear industry",
    "核动力": "nuclear power",
    "原子能": "atomic energy",
    "石油": "petroleum",
    "石化": "petrochemical",
    "天然气": "natural gas",
    "电力": "electric power",
    "电气": "electric",
    "电器": "electrical appliances",
    # electronics, computing, telecoms
    "电子": ("electronics", "electronic"),
    "电子科技": "electronic science and technology",
    "电子信息": "electronics and information",
    "电子元器件": "electronic components",
    "元器件": "components",
    "信息": "information",
    "信息技术": "information technology",
    "信息科技": "information technology",
    "信息安全": "information security",
    "资讯": "information",
    "通信": ("communications", "telecommunications"),
    "通讯": ("communications", "telecommunications"),
    "电信": "telecom",
    "邮电": "posts and telecommunications",
    "半导体": "semiconductor",
    "集成电路": "integrated circuit",
    "积体电路": "integrated circuit",
    "芯片": "chip",
    "微电子": "microelectronics",
    "微系统": "microsystem",
    "光电": "optoelectronics",
    "光电子": "optoelectronics",
    "激光": "laser",
    "红外": "infrared",
    "光纤": "fiber optic",
    "计算机": "computer",
    "电脑": "computer",
    "计算": "computing",
    "超级计算": "supercomputing",
    "超级计算机": "supercomputer",
    "超算": "supercomputing",
    "网络": "network",
    "网路": "network",
    "网络安全": "cybersecurity",
    "软件": "software",
    "软体": "software",
    "系统": "systems",
    "数据": "data",
    "数字": "digital",
    "智能": ("intelligent", "smart"),
    "人工智能": "artificial intelligence",
    "机器人": "robotics",
    "自动化": "automation",
    "控制": "control",
    "测控": "measurement and control",
    "测量": "measurement",
    "测试": "testing",
    "检测": "testing",
    "计量": "metrology",
    "遥感": "remote sensing",
    "雷达": "radar",
    "导航": "navigation",
    "卫星": "satellite",
    "导弹": "missile",
    "无人机": ("uav", "drone"),
    "量子": "quantum",
    "量子信息": "quantum information",
    "量子科技": "quantum technology",
    "量子物理": "quantum physics",
    "视频": "video",
    "安全": ("security", "safety"),
    "安防": "security",
    "无线": "wireless",
    "移动": "mobile",
    "精密": "precision",
    "精密机械": ("fine mechanics", "precision machinery"),
    "机电": ("mechatronics", "electromechanical"),
    "机械": ("machinery", "mechanical"),
    "设备": "equipment",
    "装备": "equipment",
    "仪器": "instruments",
    "仪表": "instrumentation",
    "器材": "equipment",
    "器械": "devices",
    "工具": "tools",
    "零部件": "parts",
    "配件": "parts",
    # aerospace, ships, weapons
    "航空": ("aeronautics", "aviation"),
    "航天": ("astronautics", "aerospace", "space"),
    "航空航天": "aeronautics and astronautics",
    "航天科工": "aerospace science and industry",
    "航天科技": "aerospace science and technology",
    "空天": "aerospace",
    "空天信息": "aerospace information",
    "空间": "space",
    "空间技术": "space technology",
    "空间应用": "space utilization",
    "应用": ("application", "applied"),
    "运载火箭": "launch vehicle",
    "火箭": "rocket",
    "发动机": "engine",
    "动力": "power",
    "推进": "propulsion",
    "飞机": "aircraft",
    "直升机": "helicopter",
    "船舶": ("shipbuilding", "shipping"),
    "造船": "shipbuilding",
    "海洋": ("ocean", "marine"),
    "海事": "maritime",
    "水下": "underwater",
    "兵器": "ordnance",
    "兵器工业": "ordnance industry",
    "军工": "defense industry",
    "重工": "heavy industry",
    "授时": "time service",
    "国家授时中心": "national time service center",
    # business
    "集团": ("group", "corporation"),
    "控股": ("holdings", "holding"),
    "贸易": ("trading", "trade"),
    "国际贸易": "international trading",
    "商贸": "trading",
    "工贸": "industry and trade",
    "进出口": "import and export",
    "实业": ("industrial", "industry"),
    "投资": "investment",
    "发展": "development",
    "开发": "development",
    "物流": "logistics",
    "运输": "transport",
    "航运": "shipping",
    "海运": "shipping",
    "服务": "services",
    "咨询": "consulting",
    "管理": "management",
    "供应链": "supply chain",
    "电子商务": "e commerce",
    "制造": "manufacturing",
    "汽车": "automobile",
    "建设": "construction",
    "建筑": "construction",
    "矿业": "mining",
    "银行": "bank",
    "证券": "securities",
    "保险": "insurance",
    "文化": "culture",
    "教育": "education",
    "传媒": "media",
    "高科技": "high technology",
    "高新技术": "high and new technology",
    "新技术": "new technology",
    "先进": "advanced",
    "东方": ("dongfang", "eastern", "oriental"),
    "西北": ("northwestern", "northwest"),
    "东南": ("southeast", "southeastern"),
    "东北": ("northeast", "northeastern"),
    "西南": ("southwest", "southwestern"),
    "华东": "east china",
    "华南": "south china",
    "华北": "north china",
    "华中": "central china",
    "北方": ("northern", "north"),
    "南方": ("southern", "south"),
    "与": "and",
    "及": "and",
    "的": "of",
    # universities whose English names are fixed expressions
    "邮电大学": "university of posts and telecommunications",
    "交通大学": ("jiaotong university", "jiao tong university"),
    "师范大学": "normal university",
    "中山大学": ("sun yat sen university", "zhongshan university"),
    "警察学院": "police college",
    "政法": "political science and law",
    "财经": "finance and economics",
    # brands whose English names are not pinyin
    "海康威视": "hikvision",
    "讯飞": "iflytek",
    "中兴": ("zte", "zhongxing"),
    "中芯": "smic",
}

# Provinces, municipalities, special regions and major cities: one token each.
PLACES: Final[dict[str, str | tuple[str, ...]]] = {
    "北京": "beijing", "天津": "tianjin", "上海": "shanghai", "重庆": "chongqing",
    "河北": "hebei", "山西": "shanxi", "辽宁": "liaoning", "吉林": "jilin",
    "黑龙江": "heilongjiang", "江苏": "jiangsu", "浙江": "zhejiang", "安徽": "anhui",
    "福建": "fujian", "江西": "jiangxi", "山东": "shandong", "河南": "henan",
    "湖北": "hubei", "湖南": "hunan", "广东": "guangdong", "海南": "hainan",
    "四川": "sichuan", "贵州": "guizhou", "云南": "yunnan", "陕西": "shaanxi",
    "甘肃": "gansu", "青海": "qinghai", "台湾": "taiwan", "内蒙古": ("inner mongolia", "neimenggu"),
    "广西": "guangxi", "西藏": ("tibet", "xizang"), "宁夏": "ningxia", "新疆": "xinjiang",
    "香港": "hong kong", "澳门": ("macau", "macao"),
    "哈尔滨": "harbin", "西安": "xian", "深圳": "shenzhen", "杭州": "hangzhou",
    "济南": "jinan", "南京": "nanjing", "广州": "guangzhou", "成都": "chengdu",
    "武汉": "wuhan", "长沙": "changsha", "郑州": "zhengzhou", "沈阳": "shenyang",
    "大连": "dalian", "长春": "changchun", "青岛": "qingdao", "苏州": "suzhou",
    "无锡": "wuxi", "宁波": "ningbo", "厦门": "xiamen", "福州": "fuzhou",
    "合肥": "hefei", "南昌": "nanchang", "昆明": "kunming", "贵阳": "guiyang",
    "南宁": "nanning", "兰州": "lanzhou", "西宁": "xining", "银川": "yinchuan",
    "乌鲁木齐": "urumqi", "拉萨": "lhasa", "呼和浩特": "hohhot", "太原": "taiyuan",
    "石家庄": "shijiazhuang", "海口": "haikou", "三亚": "sanya", "珠海": "zhuhai",
    "东莞": "dongguan", "佛山": "foshan", "中山": "zhongshan", "惠州": "huizhou",
    "汕头": "shantou", "温州": "wenzhou", "绍兴": "shaoxing", "嘉兴": "jiaxing",
    "常州": "changzhou", "南通": "nantong", "徐州": "xuzhou", "扬州": "yangzhou",
    "镇江": "zhenjiang", "烟台": "yantai", "威海": "weihai", "潍坊": "weifang",
    "淄博": "zibo", "洛阳": "luoyang", "绵阳": "mianyang", "德阳": "deyang",
    "宜宾": "yibin", "泸州": "luzhou", "保定": "baoding", "唐山": "tangshan",
    "秦皇岛": "qinhuangdao", "廊坊": "langfang", "邯郸": "handan", "包头": "baotou",
    "鞍山": "anshan", "抚顺": "fushun", "大庆": "daqing", "齐齐哈尔": "qiqihar",
    "株洲": "zhuzhou", "湘潭": "xiangtan", "衡阳": "hengyang", "襄阳": "xiangyang",
    "宜昌": "yichang", "九江": "jiujiang", "景德镇": "jingdezhen", "芜湖": "wuhu",
    "蚌埠": "bengbu", "泉州": "quanzhou", "漳州": "zhangzhou", "桂林": "guilin",
    "柳州": "liuzhou", "遵义": "zunyi", "天水": "tianshui", "酒泉": "jiuquan",
    "克拉玛依": "karamay", "喀什": "kashgar", "和田": "hotan", "吐鲁番": "turpan",
    "石河子": "shihezi", "台北": "taipei", "高雄": "kaohsiung", "台中": "taichung",
    "新竹": "hsinchu", "桃园": "taoyuan", "昆山": "kunshan", "江阴": "jiangyin",
    "海淀": "haidian", "朝阳": "chaoyang", "丰台": "fengtai", "浦东": "pudong",
    "南山": "nanshan", "福田": "futian", "龙岗": "longgang", "宝安": "baoan",
    "滨海": "binhai", "中关村": "zhongguancun", "雄安": "xiongan", "西昌": "xichang",
    "太仓": "taicang", "张家口": "zhangjiakou", "连云港": "lianyungang",
}

# Legal forms, with the codes of partyscreen.normalize.legal_forms.
LEGAL: Final[dict[str, frozenset[str]]] = {
    "股份有限公司": frozenset({"co ltd", "jsc"}),
    "有限责任公司": frozenset({"co ltd", "llc"}),
    "有限公司": frozenset({"co ltd"}),
    "股份公司": frozenset({"jsc"}),
    "总公司": frozenset({"corp"}),
    "公司": frozenset({"co"}),
    "有限合伙": frozenset({"lp"}),
    "株式会社": frozenset({"kk", "co ltd"}),
}

# Administrative suffixes dropped after a place name (深圳市 → shenzhen).
_PLACE_SUFFIXES: Final = "市省区县"
_PLACE_SUFFIX_WORDS: Final = ("自治区", "特别行政区", "新区", "地区")

_TRAD: Final = str.maketrans(
    "國際學電網絡術團業東廣華貿發儀設備資訊體導機務實產開創應製礦鋼鐵鋁銀險證營運輸車飛軍醫藥療衛達聯數據計軟統門灣臺龍園區縣廠貨環測試檢驗時號陽興遠蘇寧陝濟漢廈鄭長慶瀋黃閩晉遼賓爾濱師範經財農礎與會協億萬島電訊積體腦路氣動輪鏈網訂價錶聲視頻層傳媒報紙圖書館語飾裝備將軍護衛隊團連營練習無線話鐘錄線廣場處辦總",
    "国际学电网络术团业东广华贸发仪设备资讯体导机务实产开创应制矿钢铁铝银险证营运输车飞军医药疗卫达联数据计软统门湾台龙园区县厂货环测试检验时号阳兴远苏宁陕济汉厦郑长庆沈黄闽晋辽宾尔滨师范经财农础与会协亿万岛电讯积体脑路气动轮链网订价表声视频层传媒报纸图书馆语饰装备将军护卫队团连营练习无线话钟录线广场处办总",
)

_NUMERALS: Final = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_ORDINAL: Final = re.compile(r"第([零〇一二三四五六七八九十百两]+|\d+)")
_HAN_CHAR: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007]")

_COMPOUND_SURNAMES: Final = {
    "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "令狐", "慕容", "尉迟",
    "公孙", "夏侯", "长孙", "宇文", "端木", "澹台", "南宫", "轩辕", "呼延", "万俟",
    "闻人", "西门", "独孤",
}
_SURNAME_READINGS: Final = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou",
    "查": "zha", "覃": "qin", "乐": "yue", "召": "shao", "盖": "ge", "缪": "miao",
    "翟": "zhai", "万": "wan", "石": "shi", "贾": "jia", "沈": "shen", "长孙": "zhangsun",
    "尉迟": "yuchi", "万俟": "moqi", "秘": "bi", "员": "yun", "宁": "ning", "华": "hua",
    "任": "ren", "燕": "yan", "葛": "ge", "柏": "bai", "薄": "bo", "纪": "ji",
}

_MAX_TERM: Final = max(len(k) for k in (*TERMS, *PLACES, *LEGAL))


def _chinese_number(text: str) -> int:
    if text.isdecimal():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _NUMERALS.get(ch, 0) if current else _NUMERALS.get(ch, 0)
    return total + current


# --------------------------------------------------------------------------
# Segmentation


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kind: str  # "term", "place", "legal", "pinyin", "number", "latin"
    english: tuple[str, ...] = ()  # renderings (term, place); pinyin token otherwise
    legal: frozenset[str] = frozenset()


@lru_cache(maxsize=16384)
def _pinyin(word: str) -> str:
    """Pinyin of a word, syllables joined, no tones, ü as u."""
    style, lazy_pinyin, _ = _pypinyin()
    out = "".join(lazy_pinyin(word, style=style.NORMAL, v_to_u=True, errors="ignore"))
    return out.replace("ü", "u").lower()


def _pinyin_words(run: str) -> list[str]:
    """Unknown Han run → pinyin words: pypinyin phrases where known, else joined characters."""
    if len(run) <= 3:
        return [_pinyin(run)]
    phrases = _pypinyin()[2]
    words: list[str] = []
    single = ""
    i = 0
    while i < len(run):
        for size in (4, 3, 2):
            piece = run[i : i + size]
            if len(piece) == size and piece in phrases:
                if single:
                    words.append(single)
                    single = ""
                words.append(piece)
                i += size
                break
        else:
            single += run[i]
            i += 1
    if single:
        words.append(single)
    # a lone character between words joins its left neighbour (names are 2-3 chars)
    merged: list[str] = []
    for w in words:
        if len(w) == 1 and merged:
            merged[-1] += w
        else:
            merged.append(w)
    return [_pinyin(w) for w in merged]


@lru_cache(maxsize=8192)
def segment(text: str) -> tuple[Segment, ...]:
    """Segment a (possibly mixed) Chinese name into dictionary terms and the rest."""
    text = text.translate(_TRAD)
    out: list[Segment] = []
    unknown = ""

    def flush() -> None:
        nonlocal unknown
        if unknown:
            for w in _pinyin_words(unknown):
                if w:
                    out.append(Segment(w, "pinyin", (w,)))
            unknown = ""

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not _HAN_CHAR.match(ch):
            flush()
            j = i
            while j < n and not _HAN_CHAR.match(text[j]):
                j += 1
            chunk = text[i:j]
            if chunk.strip():
                out.append(Segment(chunk, "latin"))
            i = j
            continue
        m = _ORDINAL.match(text, i)
        if m:
            flush()
            num = str(_chinese_number(m.group(1)))
            out.append(Segment(m.group(0), "number", (num,)))
            i = m.end()
            continue
        hit = None
        for size in range(min(_MAX_TERM, n - i), 0, -1):
            piece = text[i : i + size]
            if piece in LEGAL:
                hit = Segment(piece, "legal", (), LEGAL[piece])
            elif piece in PLACES:
                v = PLACES[piece]
                hit = Segment(piece, "place", v if isinstance(v, tuple) else (v,))
            elif piece in TERMS:
                v = TERMS[piece]
                hit = Segment(piece, "term", v if isinstance(v, tuple) else (v,))
            if hit:
                break
        if hit is None:
            unknown += ch
            i += 1
            continue
        flush()
        out.append(hit)
        i += len(hit.text)
        if hit.kind == "place":
            for suffix in _PLACE_SUFFIX_WORDS:
                if text.startswith(suffix, i):
                    i += len(suffix)
                    break
            else:
                if i < n and text[i] in _PLACE_SUFFIXES:
                    i += 1
    flush()
    return tuple(out)


def has_han(text: str) -> bool:
    return not text.isascii() and bool(_HAN_CHAR.search(text))


# --------------------------------------------------------------------------
# Readings


@dataclass(frozen=True, slots=True)
class ChineseReading:
    """One reading of a Chinese name: words, protected-ness, legal-form codes."""

    words: tuple[tuple[str, bool], ...]  # (text, is_english) in order
    legal_forms: frozenset[str]
    pinyin: bool  # True for the all-pinyin reading


def chinese_readings(text: str, max_translated: int = 6) -> list[ChineseReading]:
    """Translated readings (at most ``max_translated``) and the all-pinyin reading.

    The first translated reading takes every term's usual rendering; the
    next ones change one ambiguous term at a time to another rendering
    (研究院 → "research institute", 集团 → "corporation"), in the order the
    terms appear.
    """
    segs = segment(text)
    legal: set[str] = set()
    for s in segs:
        legal.update(s.legal)

    def reading(choice: dict[int, int]) -> ChineseReading:
        words: list[tuple[str, bool]] = []
        for i, s in enumerate(segs):
            if s.kind in ("term", "place"):
                words.append((s.english[choice.get(i, 0)], s.kind == "term"))
            elif s.kind in ("pinyin", "number"):
                words.append((s.english[0], False))
            elif s.kind == "latin":
                words.append((s.text, True))
        return ChineseReading(tuple(words), frozenset(legal), False)

    readings = [reading({})]
    for i, s in enumerate(segs):
        if s.kind not in ("term", "place"):
            continue
        for alt in range(1, len(s.english)):
            if len(readings) >= max_translated:
                break
            readings.append(reading({i: alt}))
    py_words: list[tuple[str, bool]] = []
    for s in segs:
        if s.kind == "legal":
            continue
        if s.kind == "term":
            py_words.extend((w, False) for w in _term_pinyin(s.text))
        elif s.kind == "place":
            conventional = s.english[0]
            py_words.append((conventional if " " not in conventional else _pinyin(s.text), False))
        elif s.kind in ("pinyin", "number"):
            py_words.append((s.english[0], False))
        elif s.kind == "latin":
            py_words.append((s.text, True))
    readings.append(ChineseReading(tuple(py_words), frozenset(legal), True))
    return readings


@lru_cache(maxsize=4096)
def _term_pinyin(term: str) -> tuple[str, ...]:
    """Pinyin words of a dictionary term, split at the shorter terms it is made of.

    工业大学 → ('gongye', 'daxue'); 中国人民解放军 → ('zhongguo', 'renmin',
    'jiefangjun'); a single left-over character stays with its neighbour
    (研究院 → ('yanjiuyuan',)).
    """
    if len(term) <= 2:
        return (_pinyin(term),)
    pieces: list[str] = []
    unknown_last = False
    i, n = 0, len(term)
    while i < n:
        for size in range(min(n - i, n - 1), 1, -1):
            piece = term[i : i + size]
            if piece in TERMS or piece in PLACES:
                pieces.append(piece)
                i += size
                break
        else:
            if pieces and unknown_last:
                pieces[-1] += term[i]  # runs of unknown characters stay together
            else:
                pieces.append(term[i])
            unknown_last = True
            i += 1
            continue
        unknown_last = False
    # a single character joins its left (else right) neighbour
    merged: list[str] = []
    for piece in pieces:
        if merged and (len(piece) == 1 or len(merged[-1]) == 1):
            merged[-1] += piece
        else:
            merged.append(piece)
    if len(merged) == 1:
        return (_pinyin(term),)
    out: list[str] = []
    for piece in merged:
        out.extend(_term_pinyin(piece) if piece in TERMS or piece in PLACES else (_pinyin(piece),))
    return tuple(out)


_NAME_DOTS: Final = re.compile("[·•・‧·･]")


@lru_cache(maxsize=8192)
def person_pinyin(text: str) -> tuple[str, ...]:
    """A Chinese person name as (surname, given name) in pinyin: 习近平 → ('xi', 'jinping').

    A foreign name written in characters, its parts separated by a middle dot
    (弗拉基米尔·普京), gives one token per part: ('fulajimier', 'pujing').
    """
    if _NAME_DOTS.search(text):
        parts = [p for p in _NAME_DOTS.split(text) if _HAN_CHAR.search(p)]
        return _read(_pinyin("".join(c for c in p if _HAN_CHAR.match(c))) for p in parts)
    han = "".join(ch for ch in text.translate(_TRAD) if _HAN_CHAR.match(ch))
    if not han:
        return ()
    if len(han) >= 3 and han[:2] in _COMPOUND_SURNAMES:
        surname, given = han[:2], han[2:]
    else:
        surname, given = han[:1], han[1:]
    sur = _SURNAME_READINGS.get(surname) or _pinyin(surname)
    return _read((sur, _pinyin(given)) if given else (sur,))


def _read(readings: Iterable[str]) -> tuple[str, ...]:
    # pypinyin has no reading for some rare characters (many of CJK Extension B: 𠀇, 𡏟):
    # a part written only in them gives no word, rather than an empty one.
    return tuple(r for r in readings if r)


def han_to_pinyin_text(text: str) -> str:
    """Romanise the Han runs of ``text`` to pinyin words separated by spaces."""
    parts: list[str] = []
    for s in segment(text):
        if s.kind == "latin":
            parts.append(s.text)
        elif s.kind in ("pinyin", "number"):
            parts.append(f" {s.english[0]} ")
        else:
            parts.append(f" {_pinyin(s.text)} ")
    return "".join(parts)
