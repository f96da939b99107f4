"""The site's own words, in English and Chinese (the data brings its own labels)."""

from __future__ import annotations

from functools import lru_cache

MESSAGES: dict[str, tuple[str, str]] = {
    # site and navigation
    "site": ("SWIO knowledge graph", "SWIO 知识图谱"),
    "site_long": ("SWIO: the Social Work Industry Organisation knowledge graph", "SWIO：社会工作行业组织知识图谱"),
    "home": ("Home", "首页"),
    "ontology": ("Ontology", "本体"),
    "shapes": ("Shapes", "数据形状"),
    "questions": ("Questions", "问题"),
    "pictures": ("Pictures", "图示"),
    "browse": ("Browse", "浏览"),
    "sparql": ("SPARQL", "SPARQL"),
    "switch_to": ("中文", "English"),
    "switch_title": ("阅读中文版", "Read this page in English"),
    "skip": ("Skip to content", "跳到正文"),
    # resource pages
    "iri": ("IRI", "IRI"),
    "type": ("Type", "类型"),
    "statements": ("Statements", "陈述"),
    "referrers": ("Statements pointing here", "指向本资源的陈述"),
    "no_referrers": ("Nothing in the graph points here.", "图中没有指向本资源的陈述。"),
    "and_more": ("and {n} more", "另有 {n} 项"),
    "provenance": ("Provenance", "出处"),
    "source": ("Source", "来源"),
    "excerpt": ("In the article's words", "原文摘录"),
    "part_of": ("part of", "属于"),
    "downloads": ("This description as data", "本描述的数据格式"),
    "property": ("Property", "属性"),
    "value": ("Value", "值"),
    "via": ("via", "经由"),
    "in_language": ("in {lang}", "{lang}文"),
    "lang_en": ("English", "英"),
    "lang_zh": ("Chinese", "中"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "blank": ("(a node without an IRI)", "（无 IRI 的节点）"),
    # ontology documentation
    "ontology_doc": ("SWIO ontology", "SWIO 本体"),
    "classes": ("Classes", "类"),
    "object_properties": ("Object properties", "对象属性"),
    "datatype_properties": ("Datatype properties", "数据属性"),
    "other_terms": ("Other terms", "其他术语"),
    "reused_terms": ("Reused terms from other vocabularies", "复用的其他词表术语"),
    "reused_intro": (
        "SWIO builds on these standard terms. Each has its own anchor here (its prefixed name, such as "
        "org:Role), so it can never be confused with a SWIO term of the same local name.",
        "SWIO 建立在以下标准术语之上。每个术语在此有自己的锚点（其带前缀的名称，如 org:Role），"
        "因此绝不会与同名的 SWIO 术语混淆。",
    ),
    "schemes": ("Concept schemes", "概念体系"),
    "superclasses": ("Subclass of", "上位类"),
    "subclasses": ("Subclasses", "下位类"),
    "superproperties": ("Subproperty of", "上位属性"),
    "subproperties": ("Subproperties", "下位属性"),
    "domain": ("Domain", "定义域"),
    "range": ("Range", "值域"),
    "domain_of": ("Properties with this domain", "以此为定义域的属性"),
    "range_of": ("Properties with this range", "以此为值域的属性"),
    "instances": ("Instances in the data", "数据中的实例"),
    "instance_count": ("{n} instances", "{n} 个实例"),
    "must_have": ("What a valid instance must have", "有效实例须满足的条件"),
    "from_shape": ("Shape", "形状"),
    "inherited_from": ("inherited from", "继承自"),
    "constrained_by": ("Constrained by shapes", "约束它的形状"),
    "defined_by": ("Defined by", "定义于"),
    "diagram": ("Classes and relations", "类与关系"),
    "diagram_note": (
        "Boxes are classes (colour: the vocabulary), lines with a hollow arrow lead to the superclass; "
        "the table lists every relation between classes (domain → range).",
        "方框为类（颜色表示所属词表），空心箭头指向上位类；下表列出类之间的全部关系（定义域 → 值域）。",
    ),
    "namespace": ("Namespace", "命名空间"),
    "prefix": ("Preferred prefix", "首选前缀"),
    "version": ("Version", "版本"),
    "licence": ("Licence", "许可协议"),
    "released": ("Release date", "发布日期"),
    "contents": ("Contents", "目录"),
    "term_statements": ("All statements", "全部陈述"),
    # shapes
    "shapes_doc": ("SWIO shapes", "SWIO 数据形状"),
    "shapes_intro": (
        "The SHACL shapes that every release is validated against: what each class's instances must "
        "have, and the consistency checks.",
        "每个版本发布前用于校验的 SHACL 形状：各类实例须具备的条件及一致性检查。",
    ),
    "targets": ("Applies to", "适用于"),
    "property_shapes": ("Property constraints", "属性约束"),
    "sparql_checks": ("SPARQL checks", "SPARQL 检查"),
    "severity": ("Severity", "严重程度"),
    "message": ("Message", "消息"),
    "path": ("Path", "路径"),
    "constraint": ("Constraint", "约束"),
    "show_query": ("Show the query", "查看查询"),
    # questions
    "questions_title": ("Canned questions", "预设问题"),
    "questions_intro": (
        "The competency questions of the knowledge graph, each a SPARQL query whose answer is "
        "checked against the article.",
        "知识图谱的能力问题：每个问题都是一条 SPARQL 查询，其答案已与原文核对。",
    ),
    "question": ("Question", "问题"),
    "answer": ("Answer", "答案"),
    "what_shows": ("What the answer shows", "答案说明"),
    "parameters": ("Parameters", "参数"),
    "colon": (": ", "："),
    "in_parens": (" ({text})", "（{text}）"),
    "semicolon": ("; ", "；"),
    "examples": ("e.g.", "例如"),
    "type_string": ("text", "文本"),
    "type_integer": ("integer", "整数"),
    "type_iri": ("IRI", "IRI"),
    "params_note": (
        "The answer below is for all values; the query takes the parameters with VALUES.",
        "下方答案未限定参数；查询通过 VALUES 绑定参数。",
    ),
    "the_query": ("The SPARQL query", "SPARQL 查询"),
    "download_csv": ("Download the answer as CSV", "下载答案（CSV）"),
    "download_rq": ("Download the query (.rq)", "下载查询（.rq）"),
    "rows": ("{n} rows", "{n} 行"),
    "rows_shown": (
        "the first {shown} of {n} rows (the CSV has them all)",
        "显示前 {shown} 行，共 {n} 行（CSV 含全部）",
    ),
    "no_rows": ("No rows.", "无结果。"),
    # pictures
    "pictures_title": ("Pictures", "图示"),
    "pictures_intro": ("Drawn from the graph when the site was built.", "构建网站时根据图谱绘制。"),
    "download_svg": ("Download the picture (SVG)", "下载图片（SVG）"),
    "timeline": ("Founding timeline of the Hefei network", "合肥社工协会网络建立时间线"),
    "models": ("The five models side by side", "五种模式对比"),
    "hierarchy": ("Organisation hierarchy", "组织隶属层级"),
    "ontology_diagram": ("Classes and relations of the ontology", "本体的类与关系"),
    "from_question": ("From the question", "出自问题"),
    "not_drawn": ("{n} more not drawn", "另有 {n} 项未绘出"),
    "days_after": ("days after the city association", "距市协会成立天数"),
    "models_legend_note": (
        "What the article says on each question. “Not stated” is silence, not “no”.",
        "各问题原文怎么说。“原文未述”是原文没有谈到，不是“否”。",
    ),
    "computed_mark": (" (computed)", "（推算）"),
    "case_n": ("Case {n}", "案例{n}"),
    # browse
    "browse_title": ("Browse the resources", "浏览资源"),
    "browse_intro": ("Every resource in the graph, by kind.", "按种类列出图谱中的全部资源。"),
    "kind": ("Kind", "种类"),
    "count": ("Count", "数量"),
    "kind_heading": ("{kind} ({n})", "{kind}（{n} 项）"),
    "page_n": ("page {n}", "第 {n} 页"),
    "previous": ("Previous", "上一页"),
    "next": ("Next", "下一页"),
    # landing
    "landing_lead": (
        "A linked-data publication about China's social-work industry organisations: the associations, "
        "who governs them, the government service purchases they run and the models researchers "
        "compare — every fact in Chinese and English and traced to the sentence of the article it "
        "comes from.",
        "关于中国社会工作行业组织的关联数据出版物：各协会、其治理者、政府购买服务，以及研究者比较的各种模式——"
        "每个事实均有中英文表述，并可追溯至原文中的出处句子。",
    ),
    "start_here": ("Start here", "从这里开始"),
    "release": ("Release", "版本发布"),
    "distributions": ("Downloads", "下载"),
    "description_files": ("Dataset description (DCAT and VoID)", "数据集描述（DCAT 与 VoID）"),
    "cite": ("How to cite", "如何引用"),
    "figures": ("In figures", "数据概览"),
    "triples": ("triples", "三元组"),
    "resources": ("resources", "资源"),
    "terms": ("ontology terms", "本体术语"),
    "question_count": ("canned questions", "预设问题"),
    "source_article": ("Source article", "来源文章"),
    "serve_note": (
        "Run swio serve for a live SPARQL endpoint over the same graph.",
        "运行 swio serve 可获得同一图谱的在线 SPARQL 端点。",
    ),
    "file": ("File", "文件"),
    "format": ("Format", "格式"),
    "size": ("Size", "大小"),
    # the source page
    "source_page": ("The source article, sentence by sentence", "来源文章（逐句）"),
    "source_intro": (
        "The article every fact comes from, in its own order and its own words (Chinese). Each sentence the graph "
        "draws on lists the resources drawn from it; sentences the graph does not use are marked so. The "
        "forum's anti-copy noise lines are left out.",
        "所有事实的出处文章，按原文次序和原文文字（中文）列出。图谱所依据的每个句子都列出取自该句的资源；"
        "图谱未使用的句子另有标记。论坛的防复制乱码行已略去。",
    ),
    "cite_original": ("The original article", "原文出处"),
    "source_file": (
        "The archived copy, {file}, ships with the dataset for verification; its copyright stays with the "
        "publisher. To cite this dataset, see",
        "存档副本 {file} 随数据集发布，供核对之用，版权归原出版者所有。引用本数据集，见",
    ),
    "sentences_used": ("sentences of the article used by the graph", "篇中句子为图谱所用"),
    "share_used": ("of the article's sentences used", "的原文句子被使用"),
    "links_to_facts": ("links from sentences to resources", "句子与资源之间的链接"),
    "legend_used": ("used by the graph: the resources drawn from it follow", "图谱使用的句子：其后列出取自该句的资源"),
    "legend_unused": ("not used by the graph", "图谱未使用的句子"),
    "not_used": ("Not used by the graph.", "图谱未使用此句。"),
    "drawn_from": ("Resources drawn from this sentence", "取自此句的资源"),
    "sentence_n": ("sentence {n}", "第 {n} 句"),
    "part_header": ("The forum page before the article (not part of it)", "文章之前的论坛页面（不属于文章）"),
    "part_article": ("The article", "文章"),
    "part_footer": ("The forum page after the article (not part of it)", "文章之后的论坛页面（不属于文章）"),
    "in_context": ("in the article", "见原文"),
    "source_card": (
        "The article every fact comes from, sentence by sentence, each beside the facts drawn from it.",
        "所有事实的出处文章，逐句列出，每句旁是取自该句的事实。",
    ),
    "cite_original_note": (
        "Cite the original for what the article says, and this dataset for its structure and answers. The article:",
        "引用文章所说的内容请引原文，引用其结构化数据和答案请引本数据集。原文见：",
    ),
    # the SPARQL cheat-sheet
    "cheatsheet": ("SPARQL cheat-sheet", "SPARQL 速查"),
    "cheatsheet_title": ("SPARQL cheat-sheet", "SPARQL 速查表"),
    "cheatsheet_intro": (
        "The prefixes, classes and properties of SWIO for writing your own queries, with examples; drawn "
        "from the ontology and the data when the site was built.",
        "编写查询所需的 SWIO 前缀、类和属性，附示例；构建网站时根据本体和数据生成。",
    ),
    "cheatsheet_run": ("Save a query as a file and run it with", "把查询存为文件，用"),
    "cheatsheet_lang": (
        " — the language option fills ?lang, the language of the labels in the answer. Or start from",
        " 运行——语言选项填入 ?lang，即答案中标签的语言。也可以从这里开始：",
    ),
    "cheatsheet_questions": ("the canned questions", "预设问题"),
    "cs_prefixes": ("Prefixes", "前缀"),
    "cs_things": (
        "The things of the data have IRIs under https://w3id.org/swio/id/, one namespace per kind:",
        "数据中事物的 IRI 位于 https://w3id.org/swio/id/ 之下，每种事物一个命名空间：",
    ),
    "cs_example": ("Example", "示例"),
    "cs_prefix": ("Prefix", "前缀"),
    "cs_term": ("Term", "术语"),
    "cs_label": ("Label", "标签"),
    "cs_properties": ("Properties", "属性"),
    "cs_examples": ("Examples", "示例查询"),
    # sparql (swio serve)
    "sparql_title": ("SPARQL endpoint", "SPARQL 端点"),
    "sparql_intro": (
        "A read-only SPARQL 1.1 endpoint over the whole graph (GET or POST; results as JSON, XML, "
        "CSV or TSV by Accept). Updates are refused.",
        "整个图谱的只读 SPARQL 1.1 端点（GET 或 POST；经内容协商返回 JSON、XML、CSV 或 TSV）。不接受更新。",
    ),
    "run": ("Run", "执行"),
    "error": ("Error", "错误"),
    "not_found": ("Not found", "未找到"),
}


def text(key: str, lang: str, **values) -> str:
    en, zh = MESSAGES[key]
    message = zh if lang == "zh" else en
    return message.format(**values) if values else message


#: readable names for answer columns the pictures and tables show (any other column shows its variable name)
COLUMNS: dict[str, tuple[str, str]] = {
    "case": ("case", "案例"),
    "model": ("model", "模式"),
    "association": ("association", "协会"),
    "founded": ("founded", "成立"),
    "leader_holds_official_post": ("leader holds an official post", "领导兼任公职"),
    "government_money": ("government money", "政府资金"),
    "commissioned": ("commissioned by government", "政府委托"),
    "government_leads_model": ("government leads the model", "政府主导模式"),
    "de_administration": ("de-administration", "去行政化"),
    "date": ("date", "日期"),
    "event": ("event", "事件"),
    "level": ("level", "层级"),
    "precision": ("precision", "精度"),
    "days_after_city_association": ("days after the city association", "距市协会成立天数"),
}


def column(name: str, lang: str) -> str:
    """A readable name for an answer column: the site's own (pictures), else the label a canned question
    declares for a column of that name, else the variable name."""
    pair = COLUMNS.get(name)
    if pair is not None:
        return pair[1] if lang == "zh" else pair[0]
    declared = _declared_labels().get(name)
    if declared is not None and declared.get(lang):
        return declared[lang]
    return name.replace("_", " ")


@lru_cache(maxsize=1)
def _declared_labels() -> dict[str, dict[str, str]]:
    from ...queries.catalog import catalog

    labels: dict[str, dict[str, str]] = {}
    for query in catalog().values():
        for c in query.columns:
            labels.setdefault(c.name, dict(c.labels))
    return labels


#: names of the kinds of resource (``…/id/{kind}/…``) whose members share no class or scheme to be named by
KINDS: dict[str, tuple[str, str]] = {
    "org": ("organisations and public bodies", "组织与公共机构"),
}


LANGUAGES: dict[str, tuple[str, str]] = {"zh": ("Chinese (zh)", "中文"), "en": ("English (en)", "英文")}


def language(code: str, lang: str) -> str:
    """The name of a language tag (``zh``) in ``lang``."""
    pair = LANGUAGES.get(code.lower())
    if pair is None:
        return code
    return pair[1] if lang == "zh" else pair[0]


def kind(segment: str, lang: str) -> str:
    pair = KINDS.get(segment)
    if pair is None:
        return segment
    return pair[1] if lang == "zh" else pair[0]
