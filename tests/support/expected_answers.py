"""The answer each canned question must give, written down from the article.

Each entry: query name -> (parameters, language, columns to compare, expected rows).
Rows are compared in order (every query orders its answer) on the listed columns;
long texts are checked by the columns that identify them.
"""

from __future__ import annotations

T, F = True, False
Y, N = "yes", "no"  # computed yes/no columns are strings: Virtuoso returns booleans as 1/0
# What an answer says about the article (scheme:answer-values): never an empty cell
STATED, OTHERWISE, SILENT = "stated", "stated otherwise", "not stated"
I = "editors' inference"  # reached only through a group membership the editors infer (swio:editorialMember)

FACT, OUGHT, QUESTION = "stated as fact", "put as what ought to be done", "posed as a question"
CONFERENCE = (
    "Third National Work Conference of Social Work Associations and Forum on Building and Developing "
    "Social-Work Industry Organisations"
)

EXPECTED = {
    "hefei-timeline": (
        {},
        "en",
        ["date", "precision", "level", "days_after_city_association"],
        [
            ("2012-04-17", "day", "city", 0),
            ("2012-06-13", "day", "street/township", 57),
            ("2012-08-31", "day", "district/county", 136),
            ("2013-04-07", "day", "district/county", 355),  # every county, district and county-level city
            ("2013-07", "month", "street/township", None),  # month precision: no day count
        ],
    ),
    "leaders-with-official-posts": (
        {},
        "en",
        ["case", "role", "person", "official_post", "body_kind"],
        [
            (
                1,
                "president",
                "Dong Zhaoli",
                "Chair of the Hefei Municipal Committee of the CPPCC",
                "political consultative body",
            ),
            (
                1,
                "secretary-general",
                "Tao Meijiong",
                "Research officer of the Hefei Civil Affairs Bureau",
                "government body",
            ),
            (1, "executive president", "Zhang Wei", "Director of the Hefei Civil Affairs Bureau", "government body"),
            (
                2,
                "president",
                "Kuai Benxian",
                "Division director in the Nanjing Civil Affairs Bureau",
                "government body",
            ),
        ],
    ),
    "government-money": (
        {},
        "en",
        ["year", "payer", "recipient", "amount", "currency", "bound"],
        [
            (
                "2013",
                "Hefei city- and district-level public finance",
                "Hefei Social Work Association",
                60000000,
                "CNY",
                "at least",
            ),
            ("2013", "Shushan District public finance", None, 10000000, "CNY", "at least"),
        ],
    ),
    "government-money-totals": (
        {},
        "en",
        ["year", "bound", "currency", "total", "figures"],
        [
            ("2013", "at least", "CNY", 70000000, 2),
        ],
    ),
    # the article states coverage only for Hefei's 2013 purchase ("覆盖市属四区和3个开发区的…老人");
    # the Baohe and Xicheng purchases have no coverage in the article, so no rows
    "purchase-coverage": (
        {},
        "en",
        ["purchase", "covers", "item", "count"],
        [
            (
                "Hefei's 2013 government purchase of home-based elderly care",
                "area",
                "Hefei's three development zones",
                3,
            ),
            (
                "Hefei's 2013 government purchase of home-based elderly care",
                "area",
                "Hefei's four city districts (the four main urban districts)",
                4,
            ),
            (
                "Hefei's 2013 government purchase of home-based elderly care",
                "beneficiary group",
                "minimum-living-guarantee (dibao) elderly aged 70 and over",
                None,
            ),
            (
                "Hefei's 2013 government purchase of home-based elderly care",
                "beneficiary group",
                "oldest-old aged 90 and over",
                None,
            ),
            (
                "Hefei's 2013 government purchase of home-based elderly care",
                "beneficiary group",
                "empty-nest elderly aged 70 and over (no children)",
                None,
            ),
        ],
    ),
    "membership-composition": (
        {},
        "en",
        ["members_of_kind", "count", "bound", "share_from", "percent", "implied_count"],
        [
            ("unit members", 97, "exact", "from the civil-affairs system", 90, 87.3),
            ("individual members", 430, "exact", "from the civil-affairs system", 80, 344),
            ("participating private social-work agencies", 10, "at most", None, None, None),
        ],
    ),
    # stages 1 and 2 are past ("主要做…", "孵化培育了…"); stage 3 is "目前正在完善…" (in progress)
    "development-stages": (
        {},
        "en",
        ["stage_no", "stage", "begins", "ends", "task_kind", "task_no", "status"],
        [
            *[(1, "founding and exploration", "1999", "2003", "main task", n, "stated as fact") for n in range(1, 5)],
            *[
                (1, "founding and exploration", "1999", "2003", "specific work", n, "stated as fact")
                for n in range(1, 3)
            ],
            *[(2, "development and growth", "2003", "2010", "main task", n, "stated as fact") for n in range(1, 5)],
            *[(2, "development and growth", "2003", "2010", "specific work", n, "stated as fact") for n in range(1, 5)],
            *[
                (3, "transformation and improvement", "2010", None, "main task", n, "stated as in progress")
                for n in range(1, 5)
            ],
            *[
                (3, "transformation and improvement", "2010", None, "specific work", n, "stated as in progress")
                for n in range(1, 7)
            ],
        ],
    ),
    "shanghai-association-types": (
        {},
        "en",
        ["associations", "kind"],
        [
            (10, "social work association"),
            (10, "social workers' federation"),
            (10, "social workers' association"),
        ],
    ),
    # Shanghai's founding: 2013 - "20年的历史" = about 1993 (computed); Pudong's: its 初创 stage begins 1999 (computed).
    # Shanghai's money and Pudong's money and commissions come only through "上海全市10个协会", which the
    # article does not say they belong to: the editors' inference (swio:editorialMember).
    # Shanghai's fourth council "全部由来自学界和实务界的专业人士组成": stated otherwise, with the words.
    # Hefei's 依托政府资源 / 领导重视是前提 / 自上而下 do not say government leads the model: not stated, words shown.
    # Where the article is silent the answer is "not stated", never "no" and never empty.
    "model-comparison": (
        {},
        "en",
        [
            "case",
            "association",
            "founded",
            "founding_computed",
            "leader_holds_official_post",
            "government_money",
            "commissioned",
            "government_drove_founding",
            "government_leads_model",
            "de_administration",
            "leader_post_words",
            "government_leads_words",
        ],
        [
            (
                1,
                "Hefei Social Work Association",
                "2012-04-17",
                N,
                STATED,
                STATED,
                SILENT,
                STATED,
                SILENT,
                SILENT,
                None,
                "合肥依托政府资源高速、高效建立起社工协会网络 / 领导重视是前提 / 自上而下建立协会",
            ),
            (
                2,
                "Nanjing Social Workers' Association",
                "2013-08",
                N,
                STATED,
                STATED,
                SILENT,
                STATED,
                SILENT,
                "de-administration deferred in the early stage",
                None,
                None,
            ),
            (
                3,
                "Xicheng District Social Workers' Federation",
                "2009",
                N,
                SILENT,
                SILENT,
                STATED,
                STATED,
                STATED,
                SILENT,
                None,
                "而政府则是“以会带所”模式的主导者,是牵头人、策划人、购买人、控制人",
            ),
            (
                4,
                "Shanghai Social Workers' Association",
                "1993",
                Y,
                OTHERWISE,
                I,
                STATED,
                SILENT,
                SILENT,
                "de-administration achieved",
                "协会的第四届理事会全部由来自学界和实务界的专业人士组成",
                None,
            ),
            (
                5,
                "Pudong New Area Social Work Association, Shanghai",
                "1999",
                Y,
                SILENT,
                I,
                I,
                SILENT,
                SILENT,
                SILENT,
                None,
                None,
            ),
        ],
    ),
    # 政府推动成立: Hefei "各级政府及相关部门的大力投入" and "自上而下建立协会"; Nanjing's 筹备组 led by the 民政局's
    # deputy director in charge, and the bureau's 人、财、物 support; "西城区率先成立"; nothing for Shanghai and Pudong
    "government-founding": (
        {},
        "en",
        ["case", "founded", "government_drove_founding", "agent", "agent_kind", "role", "led_by", "direction"],
        [
            (
                1,
                "2012-04-17",
                STATED,
                "governments at every level in Hefei and the departments concerned",
                "public body",
                "supported the founding",
                None,
                "top-down",
            ),
            (
                1,
                "2012-04-17",
                STATED,
                "governments at every level in Hefei and the departments concerned",
                "public body",
                "supported the founding",
                None,
                "top-down",
            ),
            (
                2,
                "2013-08",
                STATED,
                "preparatory group of the Nanjing Social Workers' Association",
                "preparatory group",
                "prepared the founding",
                "Deputy director in charge, Nanjing Civil Affairs Bureau",
                SILENT,
            ),
            (
                2,
                "2013-08",
                STATED,
                "Nanjing Civil Affairs Bureau",
                "government body",
                "supported the founding",
                None,
                SILENT,
            ),
            (
                3,
                "2009",
                STATED,
                "Xicheng District (as an actor)",
                "public body",
                "initiated the founding",
                None,
                SILENT,
            ),
            (4, "1993", SILENT, None, None, None, None, SILENT),
            (5, "1999", SILENT, None, None, None, None, SILENT),
        ],
    ),
    "sub-organisation-hierarchy": (
        {},
        "en",
        ["ancestor", "unit", "direct"],
        [
            ("Hefei Municipal People's Government", "Hefei Finance Bureau", Y),
            ("Hefei Municipal People's Government", "Hefei Development and Reform Commission", Y),
            ("Hefei Municipal People's Government", "Hefei Civil Affairs Bureau", Y),
            ("Pudong New Area Social Work Association, Shanghai", "Member Services Department", Y),
            ("Pudong New Area Social Work Association, Shanghai", "Training and Assessment Department", Y),
            ("Pudong New Area Social Work Association, Shanghai", "Project Development Department", Y),
            ("Pudong New Area Social Work Association, Shanghai", "Publicity and Liaison Department", Y),
            ("Pudong New Area Social Work Association, Shanghai", "Research and Development Department", Y),
            # "在理事会领导下建立独立运营的秘书处": under the council, not under its fourth term
            ("Shanghai Social Workers' Association", "Council of the Shanghai Social Workers' Association", Y),
            ("Shanghai Social Workers' Association", "Fourth Council of the Shanghai Social Workers' Association", Y),
            ("Shanghai Social Workers' Association", "Secretariat of the Shanghai Social Workers' Association", N),
            (
                "Council of the Shanghai Social Workers' Association",
                "Secretariat of the Shanghai Social Workers' Association",
                Y,
            ),
            ("CPC Hefei Municipal Committee", "Organisation Department of the CPC Hefei Municipal Committee", Y),
            ("CPC Xicheng District Committee", "Social Work Committee of the CPC Xicheng District Committee", Y),
        ],
    ),
    "inconsistent-figures": (
        {},
        "en",
        ["check", "stated", "computed"],
        [
            ("parts do not add up to the total", 965, 975),
            ("share of a count is not a whole number", 97, 87.3),
        ],
    ),
    "anhui-certification": (
        {},
        "en",
        ["certificate", "holders", "as_of", "year_inferred", "part_of"],
        [
            ("holders of the social-worker professional level certificate", 965, "2013-08", Y, None),
            (
                "holders of the assistant social worker registration certificate",
                690,
                "2013-08",
                Y,
                "holders of the social-worker professional level certificate",
            ),
            (
                "holders of the social worker registration certificate",
                285,
                "2013-08",
                Y,
                "holders of the social-worker professional level certificate",
            ),
        ],
    ),
    "posts-and-holders": (
        {},
        "en",
        ["case", "organisation", "role", "holder", "holder_count", "held_by_holder_of"],
        [
            (1, "Hefei Civil Affairs Bureau", "research officer", "Tao Meijiong", None, None),
            (1, "Hefei Civil Affairs Bureau", "bureau director", "Zhang Wei", None, None),
            (1, "Hefei Social Work Association", "vice-president", None, 18, None),
            (1, "Hefei Social Work Association", "president", "Dong Zhaoli", None, None),
            (1, "Hefei Social Work Association", "secretary-general", "Tao Meijiong", None, None),
            (1, "Hefei Social Work Association", "executive president", "Zhang Wei", None, None),
            (1, "Hefei Municipal People's Government", "mayor", "Zhang Qingjun", None, None),
            (1, "Hefei Municipal Committee of the CPPCC", "CPPCC chair", "Dong Zhaoli", None, None),
            (
                2,
                "preparatory group of the Nanjing Social Workers' Association",
                "group leader",
                None,
                None,
                "Deputy director in charge, Nanjing Civil Affairs Bureau",
            ),
            (2, "Nanjing Social Workers' Association", "president", "Kuai Benxian", None, None),
            (2, "Nanjing Civil Affairs Bureau", "division director", "Kuai Benxian", None, None),
            (2, "Nanjing Civil Affairs Bureau", "deputy bureau director in charge", None, None, None),
            (4, "Shanghai Social Workers' Association", "secretary-general", "Guo Xiaomu", None, None),
            (5, "Pudong New Area Social Work Association, Shanghai", "secretary-general", "Guo Yundan", None, None),
        ],
    ),
    "association-founding-dates": (
        {},
        "en",
        ["association", "kind", "level", "founded", "precision", "computed", "year_inferred"],
        [
            ("Hefei Social Work Association", "social work association", "city", "2012-04-17", "day", N, N),
            (
                "Luyang District Social Work Association",
                "social work association",
                "district/county",
                "2012-08-31",
                "day",
                N,
                N,
            ),
            ("Nanjing Social Workers' Association", "social workers' association", "city", "2013-08", "month", N, Y),
            # "第一阶段为初创与探索阶段(1999-2003)": about 1999, computed
            (
                "Pudong New Area Social Work Association, Shanghai",
                "social work association",
                "district/county",
                "1999",
                "year",
                Y,
                N,
            ),
            # "到今年已经有20年的历史" with 今年 = 2013: about 1993, computed (and resting on the inferred year)
            ("Shanghai Social Workers' Association", "social workers' association", "city", "1993", "year", Y, Y),
            (
                "Xiyuan Subdistrict Social Work Association, Shushan District",
                "social work association",
                "street/township",
                "2012-06-13",
                "day",
                N,
                N,
            ),
            (
                "Xicheng District Social Workers' Federation",
                "social workers' federation",
                "district/county",
                "2009",
                "year",
                N,
                N,
            ),
        ],
    ),
    # "Which association is the oldest?": every association, earliest first, computed years marked
    "oldest-associations": (
        {},
        "en",
        ["association", "founded", "precision", "bound", "computed", "year_inferred"],
        [
            ("Shanghai Social Workers' Association", "1993", "year", "approximately", Y, Y),
            ("Pudong New Area Social Work Association, Shanghai", "1999", "year", "approximately", Y, N),
            ("Xicheng District Social Workers' Federation", "2009", "year", "exact", N, N),
            ("Hefei Social Work Association", "2012-04-17", "day", "exact", N, N),
            ("Xiyuan Subdistrict Social Work Association, Shushan District", "2012-06-13", "day", "exact", N, N),
            ("Luyang District Social Work Association", "2012-08-31", "day", "exact", N, N),
            ("Nanjing Social Workers' Association", "2013-08", "month", "exact", N, Y),
        ],
    ),
    # "出席会议的合肥市市长张庆军说：…" and "在…论坛上,合肥市社会工作协会获颁…"; which meeting the mayor
    # attended is the editors' identification (the article says only "会议")
    "event-participants": (
        {},
        "en",
        ["date", "participant", "role", "capacity", "quotation", "editorial"],
        [
            ("2009", "Xicheng District (as an actor)", "initiated the founding", None, None, N),  # 西城区率先成立
            (
                "2012-04-17",
                "governments at every level in Hefei and the departments concerned",
                "supported the founding",
                None,
                None,
                N,
            ),
            (
                "2012-06-13",
                "governments at every level in Hefei and the departments concerned",
                "supported the founding",
                None,
                None,
                N,
            ),
            (
                "2012-08-31",
                "governments at every level in Hefei and the departments concerned",
                "supported the founding",
                None,
                None,
                N,
            ),
            (
                "2013-08",
                "preparatory group of the Nanjing Social Workers' Association",
                "prepared the founding",
                None,
                None,
                N,
            ),
            ("2013-08", "Nanjing Civil Affairs Bureau", "supported the founding", None, None, N),  # 人、财、物
            ("2013-09", "Hefei Social Work Association", "award recipient", None, None, N),
            ("2013-09", "Zhang Qingjun", "attendee", "Mayor of Hefei", None, Y),
            (
                "2013-09",
                "Zhang Qingjun",
                "speaker at the event",
                "Mayor of Hefei",
                "Zhang Qingjun: social work and its industry organisations are a key lever for strengthening and innovating "
                "social management",
                Y,
            ),
        ],
    ),
    "government-involvement": (
        {},
        "en",
        ["case", "relation", "public_party", "counterpart", "detail"],
        [
            (
                1,
                "government purchase of services",
                "Baohe District (as an actor)",
                "Hefei Ailin Social Work Service Agency",
                "running a home-based elderly care centre",
            ),
            (
                1,
                "government purchase of services",
                "Hefei city- and district-level public finance",
                "Hefei Social Work Association",
                "home-based elderly care",
            ),
            (1, "funding appropriation", "Shushan District public finance", None, "to develop social work"),
            (1, "support", "Baohe District (as an actor)", "Hefei Ailin Social Work Service Agency", "premises"),
            (
                1,
                "commission",
                "Baohe District (as an actor)",
                "Hefei Ailin Social Work Service Agency",
                "running a home-based elderly care centre",
            ),
            (2, "support", "Nanjing Civil Affairs Bureau", "Nanjing Social Workers' Association", "funding"),
            (2, "support", "Nanjing Civil Affairs Bureau", "Nanjing Social Workers' Association", "material"),
            (2, "support", "Nanjing Civil Affairs Bureau", "Nanjing Social Workers' Association", "personnel"),
            (
                3,
                "government purchase of services",
                None,
                "Xicheng's professional social-work agencies (firms)",
                "social service projects",
            ),
            (
                3,
                "commission",
                "Social Work Committee of the CPC Xicheng District Committee",
                "Xicheng District Social Workers' Federation",
                "social service projects",
            ),
            # "政府则是“以会带所”模式的主导者,是牵头人、策划人、购买人、控制人", in that order
            (3, "government role", None, "the association leads the agencies", "leading actor"),
            (3, "government role", None, "the association leads the agencies", "initiator"),
            (3, "government role", None, "the association leads the agencies", "planner"),
            (3, "government role", None, "the association leads the agencies", "purchaser"),
            (3, "government role", None, "the association leads the agencies", "controller"),
            (4, "support", None, "the ten social-work associations of Shanghai", "funding"),
            (
                4,
                "commission",
                None,
                "Secretariat of the Shanghai Social Workers' Association",
                "industry management functions",
            ),
            (4, "commission", None, "the ten social-work associations of Shanghai", "industry management functions"),
        ],
    ),
    "quotations": (
        {},
        "en",
        ["case", "speaker_name", "capacity", "mode", "at_event"],
        [
            (1, "an analysis (unnamed)", None, "reported speech", None),
            (1, "the article's author (China Philanthropy Times)", None, "the article's own statement", None),
            (1, "the article's author (China Philanthropy Times)", None, "the article's own statement", None),
            (1, "Zhang Qingjun", "Mayor of Hefei", "direct speech", CONFERENCE),  # "出席会议的合肥市市长张庆军说"
            (1, "Zhang Wei", "Director of the Hefei Civil Affairs Bureau", "direct speech", None),
            (2, "Kuai Benxian", "President of the Nanjing Social Workers' Association", "reported speech", None),
            (2, "Kuai Benxian", "President of the Nanjing Social Workers' Association", "direct speech", None),
            (2, "Kuai Benxian", "President of the Nanjing Social Workers' Association", "reported speech", None),
            (4, "Guo Xiaomu", "Secretary-general of the Shanghai Social Workers' Association", "reported speech", None),
            (4, "Guo Xiaomu", "Secretary-general of the Shanghai Social Workers' Association", "reported speech", None),
            (
                5,
                "Guo Yundan",
                "Secretary-general of the Pudong New Area Social Work Association",
                "reported speech",
                None,
            ),
            (
                5,
                "Guo Yundan",
                "Secretary-general of the Pudong New Area Social Work Association",
                "reported speech",
                None,
            ),
        ],
    ),
    # modality: 是/实现了/建立了… = fact; 应该/要/有义务 = ought; "是不是也可以…？" = question
    "model-features": (
        {},
        "en",
        ["case", "kind", "feature", "modality"],
        [
            (1, "model feature", "government attention is the precondition", FACT),
            (1, "model feature", "a network that covers everything", FACT),
            (1, "model feature", "building mechanisms for innovative development", FACT),
            # "实现了两个结合。一是…二是…"
            (1, "combination", "association work combined with the functions of the vice-president units", FACT),
            (1, "combination", "association work combined with community services", FACT),
            (1, "mechanism", "social-work leadership and management mechanism", FACT),
            (1, "mechanism", "social-work education and training mechanism", FACT),
            (1, "mechanism", "social-work talent incentive and guarantee mechanism", FACT),
            (2, "model feature", "administrative power drives the early founding", FACT),
            (2, "model feature", "actively recruiting members", FACT),
            (
                2,
                "model feature",
                "mobilising and drawing in government resources",
                OUGHT,
            ),  # "而是应该积极动员和吸纳政府资源"
            (3, "model feature", "fund management", FACT),
            (3, "model feature", "progress control", FACT),
            (3, "model feature", "outcome evaluation", FACT),
            (3, "model feature", "professionalisation through building the occupational workforce", FACT),
            (
                3,
                "model feature",
                "society builds the social workforce, professionals build the professional workforce",
                FACT,
            ),
            (4, "model feature", "exercising management functions commissioned by government", FACT),
            (4, "model feature", "mobilising the industry's own resources to advance the profession", FACT),
            (4, "model feature", "a council made up entirely of professionals", FACT),
            (4, "model feature", "an independently run secretariat under the council", FACT),
            (5, "model feature", "understanding government", OUGHT),  # "协会要充当…"
            (5, "model feature", "leading government", OUGHT),  # "有义务为政府献计献策"
            (5, "model feature", "reaching across government", OUGHT),  # "要利用社工协会的组织优势…"
            (5, "model feature", "supervising government", QUESTION),  # "是不是也可以用适当的方式监督政府?"
        ],
    ),
    "firsts": (
        {},
        "en",
        ["organisation", "within", "founded"],
        [
            ("Xicheng District Social Workers' Federation", "Beijing", "2009"),
            ("Hefei Ailin Social Work Service Agency", "Hefei", None),
            ("Luyang District Social Work Association", "Hefei", "2012-08-31"),
            ("Xiyuan Subdistrict Social Work Association, Shushan District", "Hefei", "2012-06-13"),
        ],
    ),
    "figures-with-sources": (
        {},
        "en",
        ["case_no", "value", "unit", "bound"],
        [
            (1, 285, "", "exact"),
            (1, 965, "", "exact"),
            (1, 690, "", "exact"),
            (1, 500, "square metre", "exact"),
            (1, 60000000, "CNY", "at least"),
            (1, 1, "year", "at least"),
            (1, 10000000, "CNY", "at least"),
            (2, 97, "", "exact"),
            (2, 90, "%", "exact"),
            (2, 430, "", "exact"),
            (2, 80, "%", "exact"),
            (2, 10, "", "at most"),
            (4, 100, "%", "exact"),
            (4, 20, "year", "exact"),
            (4, 4, "", "exact"),
            (5, 5, "", "exact"),
        ],
    ),
}

#: Parameterised and Chinese variants.
VARIANTS = [
    (
        "leaders-with-official-posts",
        {"city": "南京"},
        "zh",
        ["case", "role", "person", "official_post", "body_kind"],
        [
            (2, "会长", "蒯本宪", "南京市民政局处长", "政府机关"),
        ],
    ),
    ("leaders-with-official-posts", {"city": "shanghai"}, "en", ["person"], []),
    ("membership-composition", {"city": "Hefei"}, "en", ["count"], []),
    (
        "development-stages",
        {"model": "浦东"},
        "zh",
        ["stage_no", "stage", "begins", "ends"],
        [
            *[(1, "初创与探索阶段", "1999", "2003")] * 6,
            *[(2, "发展与壮大阶段", "2003", "2010")] * 8,
            *[(3, "转型与提升阶段", "2010", None)] * 10,
        ],
    ),
    (
        "posts-and-holders",
        {"city": "Pudong"},
        "zh",
        ["organisation", "role", "holder"],
        [
            ("上海市浦东新区社会工作协会", "秘书长", "国云丹"),
        ],
    ),
    (
        "association-founding-dates",
        {"city": "合肥"},
        "en",
        ["association"],
        [
            ("Hefei Social Work Association",),
            ("Luyang District Social Work Association",),
            ("Xiyuan Subdistrict Social Work Association, Shushan District",),
        ],
    ),
    (
        "government-involvement",
        {"city": "南京"},
        "zh",
        ["relation", "public_party", "detail"],
        [
            ("支持", "南京市民政局", "人员"),
            ("支持", "南京市民政局", "物资"),
            ("支持", "南京市民政局", "资金"),
        ],
    ),
    (
        "quotations",
        {"speaker": "蒯本宪"},
        "zh",
        ["capacity", "mode"],
        [
            ("南京社会工作者协会会长", "间接引语"),
            ("南京社会工作者协会会长", "直接引语"),
            ("南京社会工作者协会会长", "间接引语"),
        ],
    ),
    (
        "model-features",
        {"model": "两条腿"},
        "zh",
        ["feature"],
        [
            ("接受政府委托行使管理职能",),
            ("发动业内自身资源开展专业推动工作",),
            ("理事会全部由专业人士组成",),
            ("理事会领导下独立运营的秘书处",),
        ],
    ),
    (
        "figures-with-sources",
        {"case": "2"},
        "zh",
        ["value", "bound", "source_text"],
        [
            (97, "确数", "97个单位会员中90%来自民政系统"),
            (90, "确数", "90%来自民政系统"),
            (430, "确数", "其430个个人会员中80%来自民政系统"),
            (80, "确数", "80%来自民政系统"),
            (10, "上限", "而民办社工机构参与数不到10家"),
        ],
    ),
    (
        "model-comparison",
        {},
        "zh",
        ["case", "model", "leader_holds_official_post", "government_drove_founding", "de_administration"],
        [
            (1, "合肥模式", "原文有述", "原文有述", "原文未述"),
            (2, "积极吸纳会员调动社会资源", "原文有述", "原文有述", "建立初期不先谈去行政化"),
            (3, "以会带所", "原文未述", "原文有述", "原文未述"),
            (4, "两条腿走路", "原文说法相反", "原文未述", "已实现去行政化"),
            (5, "职能定位具有阶段性（浦东）", "原文未述", "原文未述", "原文未述"),
        ],
    ),
    (
        "government-founding",
        {},
        "zh",
        ["case", "agent", "role", "led_by", "direction"],
        [
            (1, "合肥市各级政府及相关部门", "支持成立", None, "自上而下"),
            (1, "合肥市各级政府及相关部门", "支持成立", None, "自上而下"),
            (2, "南京社会工作者协会筹备组", "筹备成立", "南京市民政局主管副局长", "原文未述"),
            (2, "南京市民政局", "支持成立", None, "原文未述"),
            (3, "西城区（区级机关）", "发起成立", None, "原文未述"),
            (4, None, None, None, "原文未述"),
            (5, None, None, None, "原文未述"),
        ],
    ),
    (
        "hefei-timeline",
        {},
        "zh",
        ["event"],
        [
            ("合肥市社会工作协会成立",),
            ("蜀山区西园街道社会工作协会成立",),
            ("庐阳区社会工作协会成立",),
            ("合肥市全市4县4区1市均成立社会工作协会",),
            ("合肥市4个主城区街道全部成立社会工作协会",),
        ],
    ),
]
