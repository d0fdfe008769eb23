"""Word lists for the story generator.

Kept apart from the generator's logic so the lists can grow (more realistic, more
varied titles) without touching how copies and traps are made. The lists are large
enough that two independently generated stories rarely share more than a template.
"""

from __future__ import annotations

PROVIDERS: tuple[tuple[str, str], ...] = (
    ("Government Technology", "govtech.com"), ("thecrimereport.org", "thecrimereport.org"),
    ("Washington Examiner", "washingtonexaminer.com"), ("The Root", "theroot.com"),
    ("WBUR", "wbur.org"), ("MassLive", "masslive.com"), ("CNBC", "cnbc.com"),
    ("Chicago Sun-Times", "suntimes.com"), ("Reason", "reason.com"), ("Governing", "governing.com"),
    ("The Verge", "theverge.com"), ("TechCrunch", "techcrunch.com"), ("ZDNet", "zdnet.com"),
    ("Ars Technica", "arstechnica.com"), ("Wired", "wired.com"), ("Engadget", "engadget.com"),
    ("VentureBeat", "venturebeat.com"), ("The Register", "theregister.com"),
    ("GeekWire", "geekwire.com"), ("Protocol", "protocol.com"), ("Axios", "axios.com"),
    ("Bloomberg", "bloomberg.com"), ("Financial Times", "ft.com"), ("The Guardian", "theguardian.com"),
    ("BBC News", "bbc.co.uk"), ("NPR", "npr.org"), ("Politico", "politico.com"),
    ("The Hill", "thehill.com"), ("Fast Company", "fastcompany.com"), ("Forbes", "forbes.com"),
    ("Business Insider", "businessinsider.com"), ("Fortune", "fortune.com"),
    ("MIT Technology Review", "technologyreview.com"), ("IEEE Spectrum", "spectrum.ieee.org"),
    ("StateScoop", "statescoop.com"), ("Route Fifty", "route-fifty.com"), ("Nextgov", "nextgov.com"),
    ("FedScoop", "fedscoop.com"), ("Boston Globe", "bostonglobe.com"), ("Seattle Times", "seattletimes.com"),
    ("Los Angeles Times", "latimes.com"), ("The Denver Post", "denverpost.com"),
    ("Microsoft Azure Blog", "azure.microsoft.com"), ("AWS News Blog", "aws.amazon.com"),
    ("Google Cloud Blog", "cloud.google.com"), ("InfoQ", "infoq.com"), ("The New Stack", "thenewstack.io"),
    ("SiliconANGLE", "siliconangle.com"), ("CRN", "crn.com"), ("Dark Reading", "darkreading.com"),
    ("BleepingComputer", "bleepingcomputer.com"), ("SecurityWeek", "securityweek.com"),
    ("Electrek", "electrek.co"), ("Space.com", "space.com"), ("STAT", "statnews.com"),
)
# Wire services originate stories; aggregators and partners carry copies of them.
WIRES: tuple[tuple[str, str], ...] = (
    ("Reuters", "reuters.com"), ("Associated Press", "apnews.com"), ("AFP", "afp.com"),
    ("Bloomberg", "bloomberg.com"), ("Tribune News Service", "tribpub.com"),
)
AGGREGATORS: tuple[tuple[str, str], ...] = (
    ("Yahoo News", "news.yahoo.com"), ("MSN", "msn.com"), ("NewsBreak", "newsbreak.com"),
    ("SmartNews", "smartnews.com"), ("Flipboard", "flipboard.com"), ("Yahoo Finance", "finance.yahoo.com"),
    ("U.S. News & World Report", "usnews.com"), ("ABC News", "abcnews.go.com"),
    ("Star Tribune", "startribune.com"), ("Houston Chronicle", "houstonchronicle.com"),
    ("SFGate", "sfgate.com"), ("The Independent", "independent.co.uk"), ("Daily Mail", "dailymail.co.uk"),
    ("Insurance Journal", "insurancejournal.com"), ("Government Technology", "govtech.com"),
)
TOPICS: tuple[str, ...] = (
    "AI", "Computer Vision", "Cloud", "Security", "Privacy", "Policy", "Mobile", "Energy",
    "Space", "Health", "Transportation", "Semiconductors", "Startups", "Gaming", "Climate",
    "Robotics", "Education", "Smart Cities", "Open Source", "Developer Tools", "Finance",
    "Telecom", "Retail", "Quantum", "Biotech", "Media",
)
COMPANIES: tuple[str, ...] = (
    "Microsoft", "Google", "Apple", "Amazon", "Meta", "IBM", "Intel", "Nvidia", "AMD", "Samsung",
    "Sony", "Tesla", "Oracle", "Salesforce", "Adobe", "Cisco", "Qualcomm", "Huawei", "Baidu",
    "Alibaba", "Tencent", "OpenAI", "Clearview AI", "Palantir", "Uber", "Lyft", "Airbnb", "Netflix",
    "Spotify", "Zoom", "Slack", "Dropbox", "Twitter", "TikTok", "Snap", "Pinterest", "Reddit",
    "GitHub", "GitLab", "Mozilla", "Red Hat", "VMware", "Dell", "HP", "Lenovo", "Siemens", "Bosch",
    "Boeing", "Airbus", "SpaceX", "Rivian", "Ford", "General Motors", "Toyota", "Honda", "Verizon",
    "AT&T", "T-Mobile", "Comcast", "Arm", "TSMC", "ASML", "Micron", "Databricks", "Snowflake",
    "Cloudflare", "Okta", "CrowdStrike", "Zscaler", "Fortinet", "Shopify", "Stripe", "PayPal",
    "Coinbase", "Robinhood", "Waymo", "Cruise", "Zoox", "Nokia", "Ericsson", "Philips", "Medtronic",
    "Pfizer", "Moderna", "Walmart", "Target", "Instacart", "DoorDash", "Blue Origin", "Rocket Lab",
)
PLACES: tuple[str, ...] = (
    "Massachusetts", "California", "Texas", "New York", "Florida", "Illinois", "Ohio", "Michigan",
    "Georgia", "Washington", "Oregon", "Colorado", "Arizona", "Nevada", "Utah", "Minnesota",
    "Wisconsin", "Iowa", "Missouri", "Tennessee", "Kentucky", "Virginia", "North Carolina",
    "Pennsylvania", "New Jersey", "Maryland", "Connecticut", "Vermont", "Maine", "Louisiana",
    "Boston", "Chicago", "Seattle", "Portland", "Denver", "Austin", "Atlanta", "Detroit", "Phoenix",
    "San Diego", "San Francisco", "Los Angeles", "Miami", "Baltimore", "Pittsburgh", "Cleveland",
    "Madison", "Minneapolis", "Nashville", "Sacramento", "New Orleans", "Philadelphia",
    "the UK", "Germany", "France", "Japan", "India", "Brazil", "Canada", "Australia", "South Korea",
    "the Netherlands", "Sweden", "Ireland", "Singapore", "Kenya", "Nigeria", "Mexico", "Spain", "Italy",
)
GROUPS: tuple[str, ...] = (
    "lawmakers", "regulators", "police", "the city council", "school districts", "researchers",
    "hospitals", "unions", "investors", "privacy advocates", "state senators", "prosecutors",
    "transit officials", "county officials", "the attorney general", "consumer groups", "judges",
    "election officials", "fire departments", "universities", "airlines", "insurers", "landlords",
)
THINGS: tuple[str, ...] = (
    "facial recognition", "self-driving cars", "police drones", "chatbots", "cloud gaming",
    "quantum computers", "5G networks", "smart glasses", "ransomware", "data centers",
    "electric trucks", "satellite internet", "end-to-end encryption", "biometric data", "deepfakes",
    "large language models", "robotaxis", "chip plants", "battery recycling", "password managers",
    "smart speakers", "wearables", "e-bikes", "solar farms", "heat pumps", "telehealth",
    "contact tracing apps", "crypto exchanges", "license plate readers", "gunshot detection",
    "predictive policing", "student surveillance software", "ride-hailing", "food delivery apps",
    "broadband subsidies", "electric buses", "charging stations", "smart meters", "voice assistants",
    "medical AI", "digital IDs", "age verification", "content moderation", "app store fees",
    "right-to-repair rules", "data brokers", "location tracking", "body cameras", "cyber insurance",
    "open-source software", "edge computing", "warehouse robots", "delivery drones", "lidar sensors",
    "hydrogen fuel cells", "nuclear microreactors", "carbon capture", "vertical farms", "lab-grown meat",
    "satellite imagery", "spyware", "voting machines", "emergency alerts", "911 systems",
    "smart traffic lights", "parking apps", "cashless stores", "digital wallets", "stablecoins",
)
ADJECTIVES: tuple[str, ...] = (
    "new", "controversial", "experimental", "cheaper", "faster", "secure", "AI-powered",
    "long-awaited", "low-cost", "open", "rugged", "modular", "next-generation", "federal",
    "statewide", "regional", "citywide", "first-ever", "updated", "expanded",
)
VERBS: tuple[tuple[str, str, str], ...] = (  # (third person, past, infinitive)
    ("bans", "banned", "ban"), ("limits", "limited", "limit"), ("approves", "approved", "approve"),
    ("restricts", "restricted", "restrict"), ("expands", "expanded", "expand"),
    ("probes", "probed", "probe"), ("sues over", "sued over", "sue over"), ("fines", "fined", "fine"),
    ("launches", "launched", "launch"), ("unveils", "unveiled", "unveil"), ("tests", "tested", "test"),
    ("delays", "delayed", "delay"), ("cancels", "canceled", "cancel"), ("rolls out", "rolled out", "roll out"),
    ("pilots", "piloted", "pilot"), ("defends", "defended", "defend"), ("rethinks", "rethought", "rethink"),
    ("pauses", "paused", "pause"), ("funds", "funded", "fund"), ("targets", "targeted", "target"),
    ("weighs", "weighed", "weigh"), ("scraps", "scrapped", "scrap"), ("backs", "backed", "back"),
    ("audits", "audited", "audit"), ("regulates", "regulated", "regulate"), ("buys", "bought", "buy"),
)
TAILS: tuple[str, ...] = (
    "after privacy complaints", "amid budget fight", "in schools", "for police", "near airports",
    "despite industry pushback", "over safety concerns", "after data breach", "in rural areas",
    "for small businesses", "after pilot program", "ahead of elections", "as costs climb",
    "in public housing", "on highways", "for veterans", "in hospitals", "across the state",
    "after lawsuit", "under new law", "as demand surges", "for first responders", "at the border",
    "in classrooms", "for low-income families", "after outage", "on college campuses",
)
PEOPLE: tuple[str, ...] = (
    "Gov. Charlie Baker", "Sen. Ed Markey", "Mayor Lori Lightfoot", "Gov. Gavin Newsom",
    "Sen. Maria Cantwell", "Rep. Ro Khanna", "Gov. Jared Polis", "Mayor Michelle Wu",
    "Satya Nadella", "Sundar Pichai", "Tim Cook", "Lisa Su", "Jensen Huang", "Andy Jassy",
    "Lina Khan", "Margrethe Vestager", "Jessica Rosenworcel", "Gina Raimondo", "Pete Buttigieg",
)
SENTENCES: tuple[str, ...] = (
    "The measure now heads to the governor's desk.",
    "Critics say the plan does little to protect residents' data.",
    "Officials expect the first phase to be finished within months.",
    "The company declined to comment on the terms of the deal.",
    "Supporters argue the change will save taxpayers money over time.",
    "A spokesperson said the rollout would continue as planned.",
    "Civil liberties groups have threatened to sue.",
    "Analysts expect competitors to follow suit.",
    "The decision follows months of public hearings.",
    "Several pilot sites reported mixed results.",
    "Shares rose in early trading after the announcement.",
    "Local leaders said they were not consulted.",
    "The agency will publish its findings later this year.",
    "Engineers are still testing the system in the field.",
    "The proposal drew bipartisan support in committee.",
    "Unions raised concerns about the effect on jobs.",
    "The vendor has faced similar scrutiny elsewhere.",
    "Residents can submit comments until the end of the month.",
    "It is the latest in a series of similar moves across the country.",
    "The program is funded by a mix of state and federal grants.",
)
WHO: tuple[str, ...] = (
    "Critics", "Supporters", "Privacy advocates", "Industry groups", "Local officials", "Analysts",
    "Union leaders", "Residents", "Engineers", "The vendor", "State auditors", "Civil liberties lawyers",
    "Researchers at MIT", "Researchers at Stanford", "A Georgetown law professor", "Two council members",
    "Consumer groups", "Investors", "Teachers", "Doctors", "Small business owners", "Federal regulators",
    "The mayor's office", "A company spokesperson", "Former employees", "Parents", "Insurers", "Economists",
)
SAYS: tuple[str, ...] = ("said", "warned", "argued", "noted", "cautioned", "predicted", "complained", "insisted", "told reporters")
CLAUSES: tuple[str, ...] = (
    "the rollout could take years", "costs had doubled since the pilot", "the data would be kept for {n} days",
    "the rules leave too many loopholes", "the vendor has not disclosed its error rates",
    "the system misidentified {n} people last year", "the contract runs through {year}",
    "similar efforts stalled in {place}", "the budget covers only the first {n} sites",
    "nobody consulted the people most affected", "the change will save about ${n} million a year",
    "the technology is not ready for public use", "the move was long overdue",
    "an independent audit is planned for {year}", "the pilot ended early after complaints",
    "the numbers do not add up", "the state should have acted sooner", "lawsuits are likely",
    "competitors are weighing similar steps", "the outage affected {n} customers",
    "training will start in {month}", "prices could rise by {n} percent", "a vote is expected in {month}",
    "enforcement will be left to local police", "the agency lacks the staff to oversee it",
    "the company has lobbied against the bill for months", "the software was bought without a public hearing",
    "the first results look promising", "the waiting list has grown to {n} applicants",
    "the policy would be reviewed every {n} months", "rural areas would be served last",
    "the exemption for schools is too broad", "the deal still needs shareholder approval",
    "hospitals are already using the tool", "it could become a model for other states",
)
LEADS: tuple[str, ...] = (
    "In a move that could set a national precedent,", "After a heated debate,",
    "Citing concerns about cost and oversight,", "Following a months-long review,",
    "In a surprise announcement on Monday,", "Under pressure from advocates,",
    "As part of a broader overhaul,", "Despite objections from industry groups,",
    "In a bid to catch up with rivals,", "After a string of high-profile failures,",
    "Two years after a first attempt failed,", "With little public debate,", "Late on Thursday,",
    "Facing a court deadline,", "In a rare bipartisan vote,", "Amid growing public pressure,",
    "After a whistleblower complaint,", "Ahead of the holiday season,", "In its quarterly filing,",
    "Responding to a federal inquiry,", "Weeks before the election,", "After a pilot in three districts,",
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "bans": ("outlaws", "prohibits"), "limits": ("curbs", "restricts"), "approves": ("OKs", "passes"),
    "restricts": ("limits", "curbs"), "expands": ("broadens", "grows"), "probes": ("investigates",),
    "launches": ("debuts", "rolls out"), "unveils": ("reveals", "shows off"), "tests": ("trials",),
    "delays": ("postpones", "pushes back"), "cancels": ("scraps", "drops"), "funds": ("bankrolls",),
"controversial": ("contested", "disputed"), "cheaper": ("lower-cost",),
    "after": ("following",), "amid": ("during",), "despite": ("in spite of",), "over": ("due to",),
    "buys": ("acquires", "snaps up"), "backs": ("supports", "endorses"), "weighs": ("considers",),
}
WIRE_PREFIXES: tuple[str, ...] = (
    "RE-TRANSMISSION: ", "UPDATE: ", "UPDATE 1-", "UPDATE 2-", "EXCLUSIVE: ", "EXCLUSIVE-",
    "BREAKING: ", "Breaking: ", "REFILE-", "CORRECTED-",
)
SECTIONS: tuple[str, ...] = (
    "news", "policy", "tech", "business", "politics", "security", "local", "science", "2021/05",
    "article", "story", "technology/2021", "en-us/news", "articles",
)
# Look-alike traps: recurring posts that share a template but are different news.
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
ORDINALS: tuple[str, ...] = ("first", "second", "third", "fourth", "fifth")
PRODUCTS: tuple[str, ...] = (
    "Azure Monitor", "Azure Sentinel", "Azure Functions", "Azure Cosmos DB", "Azure Arc",
    "Azure Synapse", "Azure Purview", "Azure Spring Apps", "Azure Container Apps", "Azure Firewall",
    "Amazon Aurora", "Amazon Redshift", "AWS Lambda", "Amazon EKS", "AWS Glue", "Amazon SageMaker",
    "Google Kubernetes Engine", "BigQuery", "Cloud Run", "Vertex AI", "Cloud Spanner", "Looker",
    "Power BI", "Dynamics 365 Sales", "Dynamics 365 Finance", "Power Apps", "Microsoft Teams",
    "Visual Studio Code", "GitHub Actions", "GitHub Codespaces", "Microsoft Defender",
)
LANGUAGES: tuple[str, ...] = (
    "Python 3.9", "Python 3.10", "Node.js 14", "Node.js 16", "Java 17", "Java 11", ".NET 6",
    ".NET 5", "Go 1.17", "Ruby 3.0", "PHP 8.1", "PowerShell 7.2",
)
EVENTS: tuple[str, ...] = (
    "Build", "Ignite", "re:Invent", "Google I/O", "WWDC", "KubeCon", "Black Hat", "RSA Conference",
    "CES", "MWC", "Web Summit", "DEF CON",
)
# Proper nouns: real ledes are full of names no other story shares, and copies keep them.
FIRST_NAMES: tuple[str, ...] = tuple("""
Aisha Alex Alicia Amir Ana Andre Angela Anil Anna Arjun Ben Bianca Carla Carlos Chen Chloe Chris Dana Daniel
David Diego Elena Emeka Emily Eric Fatima Felix Fiona Gabriel Grace Hana Hannah Hector Ian Ines Isaac Ivan
Jamal James Jana Javier Jenna Jin John Jonas Jorge Julia Kai Karen Kenji Kofi Laila Lars Laura Leo Lina Luis
Maya Marco Maria Mark Marta Mateo Mei Michael Mina Nadia Naomi Nina Noah Olga Omar Pablo Paul Priya Rafael
Rahul Rana Ravi Rosa Ruth Sam Sara Sean Sofia Sonia Tariq Tessa Theo Tom Uma Vera Victor Wei Yara Yusuf Zoe
""".split())
LAST_NAMES: tuple[str, ...] = tuple("""
Abbott Acosta Adeyemi Agarwal Alvarez Andersen Bauer Becker Bell Bianchi Brennan Castillo Chandra Chow Cohen
Costa Dalton Delgado Diaz Dubois Duarte Eriksen Espinoza Farouk Fischer Fleming Fontaine Garcia Gallagher
Greco Gupta Hale Hansen Harper Hayes Herrera Holt Hughes Ibrahim Ito Jansen Jensen Joshi Kader Kaplan Keller
Kim Klein Kowalski Kumar Lambert Larsen Lee Lindqvist Lopez Lund Maddox Malik Marino Mendes Meyer Mishra
Moreau Murphy Nakamura Navarro Nguyen Novak Nunez Obi Okafor Olsen Ortiz Osei Park Patel Pereira Petrov
Quinn Ramos Reyes Richter Rios Rossi Russo Saito Salazar Santos Schmidt Sharma Silva Singh Sokolov Suzuki
Tanaka Torres Vargas Vasquez Vogel Wagner Walsh Weber Wolff Yamada Yilmaz Young Zhang Zimmermann
""".split())
ROLES: tuple[str, ...] = (
    "spokesperson", "council member", "chief executive", "professor", "analyst", "state senator",
    "police chief", "program director", "attorney", "researcher", "city manager", "union president",
)
SYLLABLES: tuple[str, ...] = tuple("""
ver ida nor tal mex ion quo zen ark lum vis tra cor pha nix sol ora bel kin dra vex lyn mar tek fin gal
rho sy pra nov ast eon zu kra lio mer dyn
""".split())
