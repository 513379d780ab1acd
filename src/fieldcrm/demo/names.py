"""Name pools for demo companies, people, phones and addresses, combined at random.

Company names are built from several parts so that large datasets rarely repeat a name:
English "<place> [<qualifier>] <product> <suffix>" or "<surname> & <surname> <product> <suffix>",
Chinese "<城市><字号><行业><后缀>". Each product word belongs to a trade, which becomes the
account's industry, so a packaging company is never filed under machining.
"""

from __future__ import annotations

from random import Random

# fmt: off
# (industry, product words used in company names)
EN_TRADES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Fasteners and fixings", ("Fasteners", "Fixings", "Bolt & Nut", "Rivets", "Springs")),
    ("Packaging", ("Packaging", "Cartons", "Containers", "Labels", "Pallets", "Films")),
    ("Electronic components", ("Electronics", "Components", "Circuits", "Connectors", "Controls")),
    ("Precision machining", ("Engineering", "Machining", "Tooling", "Gears", "Fabrication")),
    ("Hydraulics and pneumatics", ("Hydraulics", "Pneumatics", "Pumps", "Valves", "Seals")),
    ("Metals and castings", ("Metals", "Castings", "Foundry", "Sheet Metal", "Forgings")),
    ("Plastics and rubber", ("Plastics", "Polymers", "Rubber", "Mouldings", "Composites")),
    ("Industrial supplies (MRO)", ("Industrial Supply", "Safety Supplies", "Abrasives", "Lubricants", "Welding Supplies")),
    ("Automation", ("Automation", "Motors", "Drives", "Instruments", "Robotics")),
    ("Bearings and transmission", ("Bearings", "Transmission", "Couplings", "Chains", "Belts")),
)
EN_PLACE_HEADS = (
    "North", "South", "East", "West", "Red", "Black", "Green", "Ash", "Oak", "Elm", "Stone", "Iron",
    "Silver", "Gold", "Bright", "Fair", "High", "Long", "Kings", "Mill", "Brook", "Clear", "Deer", "Fox",
    "Hart", "Lake", "Maple", "Pine", "Rock", "Sand", "Sun", "Wood", "Bay", "Crown", "Frost", "Glen",
    "Hazel", "Marsh", "Raven", "Thorn", "Wolf", "Copper", "Briar", "Cedar", "Ember", "Cross", "Holly",
    "Mead",
)
EN_PLACE_TAILS = (
    "wind", "field", "ford", "bridge", "gate", "ridge", "wood", "dale", "vale", "brook", "stone", "wick",
    "ton", "bury", "port", "haven", "mont", "crest", "well", "worth", "mere", "hill", "water", "land",
    "moor", "ley", "combe", "stead", "holm", "side",
)
EN_QUALIFIERS = (
    "Precision", "Industrial", "Advanced", "General", "United", "Allied", "Standard", "Premier",
    "Quality", "Technical", "Applied", "Integrated", "National", "Modern", "Coastal", "Midland",
    "Pacific", "Atlantic", "Valley", "Summit", "Heritage", "Global", "Northern", "Southern",
)
EN_SUFFIXES = ("Ltd", "Ltd", "Ltd", "Inc.", "Co.", "Group", "LLC", "Limited", "Corp.", "Industries")
EN_SURNAMES = (
    "Chen", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
    "Anderson", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis",
    "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
    "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker",
    "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson",
    "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks",
    "Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Patel", "Nguyen",
    "Kowalski", "Okafor", "Garcia", "Rossi", "Schmidt", "Novak", "Larsen", "O'Brien", "MacLeod",
    "Fischer", "Kim", "Singh", "Tanaka", "Moreau", "Silva", "Hansen", "Webb", "Fletcher", "Harrison",
    "Palmer", "Lawson", "Barker", "Hayes", "Dixon", "Shaw", "Holmes", "Lambert", "Fraser", "Grant",
)
EN_GIVEN = (
    "Margaret", "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Emily", "Paul", "Donna", "Andrew", "Michelle", "Joshua", "Carol",
    "Kenneth", "Amanda", "Kevin", "Melissa", "Brian", "Deborah", "George", "Stephanie", "Timothy",
    "Rebecca", "Ronald", "Laura", "Jason", "Helen", "Edward", "Sharon", "Jeffrey", "Cynthia", "Ryan",
    "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric", "Anna", "Stephen", "Ruth", "Jonathan",
    "Brenda", "Larry", "Pamela", "Justin", "Nicole", "Scott", "Katherine", "Priya", "Wei", "Olga",
    "Tomasz", "Chidi", "Sofia", "Lars", "Ingrid", "Mateo", "Yuki", "Aisha", "Fiona", "Graham", "Nigel",
)
EN_CITIES = (
    "Manchester", "Leeds", "Sheffield", "Birmingham", "Glasgow", "Bristol", "Coventry", "Derby",
    "Leicester", "Newcastle", "Cleveland", "Pittsburgh", "Detroit", "Milwaukee", "Columbus", "Toledo",
    "Toronto", "Hamilton", "Melbourne", "Adelaide", "Auckland", "Cork", "Rotterdam", "Gdansk",
)
EN_STREETS = (
    "Mill", "Station", "Canal", "Foundry", "Quarry", "Bridge", "Factory", "Wharf", "Commerce",
    "Enterprise", "Innovation", "Harbour", "Railway", "Forge", "Kiln", "Meadow",
)
EN_STREET_KINDS = ("Road", "Lane", "Way", "Street", "Park", "Drive", "Trading Estate", "Business Park")

ZH_TRADES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("紧固件", ("紧固件", "标准件", "五金制品", "弹簧")),
    ("包装材料", ("包装材料", "纸品包装", "彩印包装", "塑料包装", "标签印刷")),
    ("电子元器件", ("电子元件", "电子科技", "连接器", "电器", "电气")),
    ("精密机械加工", ("精密机械", "机械制造", "模具", "齿轮", "机加工")),
    ("液压气动", ("液压设备", "气动元件", "泵业", "阀门", "密封件")),
    ("金属材料与铸件", ("金属材料", "铸造", "锻造", "钣金", "不锈钢制品")),
    ("塑胶橡胶", ("塑胶制品", "橡胶制品", "新材料", "复合材料", "高分子材料")),
    ("工业品(MRO)", ("工业用品", "劳保用品", "磨料磨具", "润滑油", "焊接材料")),
    ("工业自动化", ("自动化设备", "电机", "仪器仪表", "智能装备", "机器人")),
    ("轴承传动", ("轴承", "传动设备", "链条", "联轴器", "传动带")),
)
ZH_CITIES = (
    "华东", "华南", "华北", "苏州", "无锡", "常州", "宁波", "温州", "杭州", "绍兴", "嘉兴", "东莞", "佛山",
    "深圳", "中山", "珠海", "青岛", "烟台", "潍坊", "天津", "大连", "沈阳", "武汉", "长沙", "成都", "重庆",
    "西安", "郑州", "合肥", "南京", "扬州", "泉州", "厦门", "福州", "昆山", "台州", "金华", "义乌", "廊坊",
    "保定", "唐山", "济南", "淄博", "南通", "江门", "惠州", "芜湖", "襄阳", "株洲", "柳州",
)
ZH_BRAND_CHARS = (
    "恒", "泰", "华", "盛", "鑫", "达", "信", "源", "通", "瑞", "宏", "丰", "金", "兴", "利", "力", "德",
    "永", "天", "宇", "嘉", "联", "创", "新", "博", "凯", "隆", "祥", "和", "安", "远", "腾", "晟", "昌",
    "豪", "润", "科", "美", "佳", "成", "正", "诚", "立", "宝", "海", "顺", "鸿", "汇", "中", "精",
)
ZH_SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "实业有限公司", "科技有限公司", "制造有限公司")
ZH_SURNAMES = (
    "王", "王", "李", "李", "张", "张", "刘", "刘", "陈", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
    "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
    "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "欧阳",
)
ZH_GIVEN_CHARS = (
    "建", "国", "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀", "霞", "平", "刚", "英", "华", "文", "辉", "鹏", "志", "红", "玲", "斌", "波", "宇", "浩", "凯", "晨",
    "欣", "婷", "海", "林", "峰", "雪", "梅", "琳", "鑫", "颖", "亮", "春", "晓", "萍", "德", "荣", "振", "俊",
)
ZH_DISTRICTS = ("高新区", "经济开发区", "工业园区", "新区", "保税区", "临港产业园", "科技园")
ZH_ROADS = (
    "创业路", "工业大道", "兴业路", "长江路", "黄河路", "科技大道", "振兴路", "发展大道", "通达路",
    "富民路", "金山路", "新华路",
)
# fmt: on


def company_name(rng: Random, lang: str) -> tuple[str, str]:
    """A company name and the industry it belongs to."""
    if lang == "zh":
        industry, products = rng.choice(ZH_TRADES)
        brand = "" if rng.random() < 0.05 else rng.choice(ZH_BRAND_CHARS) + rng.choice(ZH_BRAND_CHARS)
        return f"{rng.choice(ZH_CITIES)}{brand}{rng.choice(products)}{rng.choice(ZH_SUFFIXES)}", industry
    industry, products = rng.choice(EN_TRADES)
    product, suffix = rng.choice(products), rng.choice(EN_SUFFIXES)
    roll = rng.random()
    if roll < 0.35:
        first, second = rng.sample(EN_SURNAMES, 2)
        return f"{first} & {second} {product} {suffix}", industry
    place = rng.choice(EN_PLACE_HEADS) + rng.choice(EN_PLACE_TAILS)
    if roll < 0.85:
        return f"{place} {rng.choice(EN_QUALIFIERS)} {product} {suffix}", industry
    return f"{place} {product} {suffix}", industry


def person_name(rng: Random, lang: str) -> str:
    if lang == "zh":
        given = rng.choice(ZH_GIVEN_CHARS)
        if rng.random() < 0.7:
            given += rng.choice(ZH_GIVEN_CHARS)
        return rng.choice(ZH_SURNAMES) + given
    return f"{rng.choice(EN_GIVEN)} {rng.choice(EN_SURNAMES)}"


def phone(rng: Random, lang: str) -> str:
    """A made-up number in the local style (mobile in China, 555 numbers elsewhere)."""
    if lang == "zh":
        return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    return f"+1 555 {rng.randrange(1000):03d} {rng.randrange(10000):04d}"


def address(rng: Random, lang: str) -> tuple[str, str]:
    """A made-up street address and its city."""
    if lang == "zh":
        city = rng.choice(ZH_CITIES[3:])
        return f"{city}市{rng.choice(ZH_DISTRICTS)}{rng.choice(ZH_ROADS)}{rng.randint(1, 888)}号", city
    street = f"{rng.randint(1, 240)} {rng.choice(EN_STREETS)} {rng.choice(EN_STREET_KINDS)}"
    city = rng.choice(EN_CITIES)
    return f"{street}, {city}", city
