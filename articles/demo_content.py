"""Original demo content for `manage.py loaddemo`, in the shape of a small news site's pages."""

SECTIONS = [
    {"name": "News", "slug": "news", "parent": None, "position": 0, "names": {"zh-hans": "新闻"}},
    {"name": "World", "slug": "world", "parent": "news", "position": 0, "names": {"zh-hans": "国际"}},
    {"name": "Politics", "slug": "politics", "parent": "news", "position": 1, "names": {"zh-hans": "政治"}},
    {"name": "Business", "slug": "business", "parent": None, "position": 1, "names": {"zh-hans": "商业"}},
    {"name": "Technology", "slug": "technology", "parent": None, "position": 2, "names": {"zh-hans": "科技"}},
    {"name": "Culture", "slug": "culture", "parent": None, "position": 3, "names": {"zh-hans": "文化"}},
    {"name": "Community", "slug": "community", "parent": None, "position": 4, "names": {"zh-hans": "社区"}},
]

AUTHORS = [
    {
        "name": "Kevin Zhang",
        "slug": "kevin-zhang",
        "title": "World editor",
        "bio": (
            "Kevin Zhang edits Newsroom’s world coverage and writes about diplomacy, "
            "security and the ways distant events reach families in the South Bay. "
            "Before joining the paper he spent eight years on the foreign desk of a "
            "Chinese-language daily in San Francisco. He reads the wires in English "
            "and Mandarin most mornings before sunrise."
        ),
        "email": "kevin@newsroom.example",
        "website": "https://kevinzhang.example",
    },
    {
        "name": "Maria Alvarez",
        "slug": "maria-alvarez",
        "title": "City hall reporter",
        "bio": (
            "Maria Alvarez covers city government, housing and local business, and "
            "has sat through more late-night council meetings than she cares to count. "
            "She grew up in East San Jose and studied journalism at San José State."
        ),
        "email": "maria@newsroom.example",
        "website": "",
    },
    {
        "name": "Priya Natarajan",
        "slug": "priya-natarajan",
        "title": "Technology reporter",
        "bio": (
            "Priya Natarajan writes about the technology industry with an eye on the "
            "people who build it rather than the products they ship. A former firmware "
            "engineer, she moved into reporting after a decade of chip bring-up work. "
            "Her newsletter on workplace culture in tech has a loyal local following."
        ),
        "email": "priya@newsroom.example",
        "website": "https://priyanatarajan.example",
    },
    {
        "name": "Tomasz Nowak",
        "slug": "tomasz-nowak",
        "title": "Business and labor reporter",
        "bio": (
            "Tomasz Nowak reports on jobs, labor and the regional economy, from "
            "semiconductor fabs to the bus depots that keep the valley moving. He "
            "came to California from Kraków by way of a business desk in Chicago."
        ),
        "email": "tomasz@newsroom.example",
        "website": "",
    },
    {
        "name": "Amara Okafor",
        "slug": "amara-okafor",
        "title": "Staff writer",
        "bio": (
            "Amara Okafor writes about community life, health and education, and "
            "runs the paper’s calendar of neighborhood events. She joined Newsroom "
            "after several years producing public radio features in Oakland. Story "
            "tips about volunteers doing quiet, useful work are always welcome."
        ),
        "email": "amara@newsroom.example",
        "website": "",
    },
]

SPONSORS = [
    {
        "name": "HEARTS",
        "url": "https://hearts.example.org/",
        "description": (
            "A volunteer-run health outreach group that brings free screenings and "
            "wellness workshops to immigrant families across the South Bay."
        ),
    },
    {
        "name": "美华文学",
        "url": "https://meihua.example.org/",
        "description": (
            "A literary society that publishes new Chinese-language writing by "
            "Chinese-American authors and hosts readings throughout the year."
        ),
    },
    {
        "name": "硅谷女性",
        "url": "https://siliconvalleywomen.example.org/",
        "description": (
            "A professional network linking women in Silicon Valley’s technology "
            "industry through mentoring, workshops and community gatherings."
        ),
    },
]

ARTICLES = [
    {
        "slug": "russian-american-diplomats-meet-in-geneva",
        "title": "Russian, American Diplomats Meet in Geneva",
        "section": "world",
        "authors": ["kevin-zhang"],
        "standfirst": (
            "Senior envoys from Washington and Moscow opened security talks in "
            "Switzerland, with both sides playing down hopes of a breakthrough over Ukraine."
        ),
        "body": (
            "<p>Senior diplomats from the United States and Russia sat down in Geneva "
            "on Monday for security talks that both governments had signaled, well in "
            "advance, were unlikely to settle the standoff over Ukraine.</p>"
            "<p>Deputy Secretary of State Wendy Sherman headed the American side, while "
            "Moscow was represented by Deputy Foreign Minister Sergei Ryabkov. The two "
            "had already met the evening before over a working dinner, an informal "
            "opening that officials presented as a chance to map out the agenda rather "
            "than to bargain.</p>"
            "<p>Neither delegation arrived promising much. Officials in both capitals "
            "had said publicly that they did not expect the session to produce an "
            "agreement, and American diplomats stressed that they would not discuss "
            "the future of Ukraine or of NATO without those parties in the room.</p>"
            "<h2>Moscow’s written demands</h2>"
            "<p>Much of the discussion was expected to revolve around two draft treaties "
            "that Russia published in December, one addressed to the United States and "
            "the other to NATO. The documents seek guarantees that the alliance will not "
            "take in new members to the east and will pull back forces from countries "
            "that joined it after 1997. Western governments have made clear that several "
            "of those conditions are unacceptable.</p>"
            "<p>Hanging over the talks is a military build-up that has unsettled Kyiv and "
            "its partners. Secretary of State Antony Blinken has put the number of Russian "
            "troops gathered near Ukraine’s borders at about 100,000, and Washington has "
            "warned of sweeping economic penalties should Moscow order an invasion. Russia "
            "denies planning any attack and says troop movements on its own territory "
            "are nobody else’s business.</p>"
            "<blockquote><p>Washington says Russia faces a choice between “two paths”: "
            "continued dialogue, or a confrontation that would carry serious costs.</p>"
            "</blockquote>"
            "<p>Geneva is only the first stop in a crowded week of diplomacy. Russian "
            "officials are due to sit down with NATO representatives in Brussels on "
            "Wednesday, and a wider meeting of the Organization for Security and "
            "Co-operation in Europe follows in Vienna on Thursday.</p>"
            "<p>Diplomats familiar with the preparations said that if any progress comes, "
            "it is most likely on narrower questions such as arms control and limits on "
            "military exercises, areas where the two countries have struck deals "
            "before.</p>"
        ),
        "tags": ["diplomacy", "russia", "ukraine", "security"],
        "photo": {
            "caption": (
                "FILE PHOTO: Wendy Sherman, the U.S. deputy secretary of state (left), "
                "and Sergei Ryabkov, Russia’s deputy foreign minister, stand before the "
                "two countries’ flags ahead of their talks at the American diplomatic "
                "mission in Geneva on July 28, 2021."
            ),
            "credit": "U.S. Mission Geneva/Handout via REUTERS",
            "alt_text": "Two diplomats standing side by side in front of U.S. and Russian flags",
            "color": "#2d5f8b",
        },
        "days_ago": 1,
        "check_also": "al-qaeda-says-top-leader-killed-in-us-strike",
        "comments": [
            {
                "name": "Helen Wu",
                "email": "helen.wu@example.com",
                "url": "",
                "body": (
                    "Clear summary, thank you. My parents follow this closely in the "
                    "Chinese papers and I was glad to have an English version to share "
                    "with my kids."
                ),
            },
            {
                "name": "Daniel Brooks",
                "email": "dbrooks@example.com",
                "url": "https://danielbrooks.example",
                "body": (
                    "Low expectations seem wise. Will you be covering the Brussels and "
                    "Vienna meetings later this week as well?"
                ),
            },
        ],
    },
    {
        "slug": "al-qaeda-says-top-leader-killed-in-us-strike",
        "title": "Al-Qaeda Says Top Leader Killed In US Strike",
        "section": "world",
        "authors": ["kevin-zhang"],
        "standfirst": "",
        "body": (
            "<p>Al-Qaeda acknowledged on Sunday, March 5, that a senior member of its "
            "Yemen-based branch had been killed in an American strike, ending several "
            "days of uncertainty over his fate.</p>"
            "<p>The statement, which surfaced on channels the group uses to publish its "
            "announcements and was relayed by the monitoring service SITE Intelligence "
            "Group, identified the dead man as Hamad bin Hamoud al-Tamimi. According to "
            "the group, he died when a drone struck the house where he was living in "
            "Yemen’s northern Marib province on February 26.</p>"
            "<p>Local officials had already told reporters in the days after the attack "
            "that Tamimi, a Saudi national, was among those killed. They described him as "
            "a leading figure in Al-Qaeda in the Arabian Peninsula, often known by its "
            "initials AQAP, and said he chaired the organization’s consultative council. "
            "A bodyguard was reported to have died alongside him.</p>"
            "<h2>A long campaign</h2>"
            "<p>Washington regards AQAP as one of the most dangerous offshoots of the "
            "global network, and its commanders have been targeted by American drones "
            "for roughly two decades. The pace of reported strikes has slowed in recent "
            "years, however, and the United States has not publicly claimed the February "
            "attack. A similar suspected strike in Marib in January killed three alleged "
            "members of the group as they traveled by car.</p>"
            "<p>The group’s statement portrayed Tamimi as a propagandist who had also been "
            "involved in planning operations against American interests. Analysts who "
            "follow the organization said his death was a blow to its messaging "
            "operation, though AQAP has repeatedly replaced fallen leaders.</p>"
            "<blockquote><p>AQAP has outlasted the loss of several top commanders, and "
            "analysts caution against reading too much into any single strike.</p>"
            "</blockquote>"
            "<p>AQAP and rival militants aligned with the Islamic State have taken "
            "advantage of the disorder created by Yemen’s civil war, which since 2015 has "
            "pitted the Saudi-backed government against the Iran-aligned Houthi movement. "
            "The conflict has killed tens of thousands of people and left millions "
            "dependent on humanitarian aid.</p>"
        ),
        "tags": ["al-qaeda", "yemen", "security"],
        "photo": {
            "caption": (
                "FILE PHOTO: A street in the city of Marib, in northern Yemen, the "
                "province where the strike took place."
            ),
            "credit": "Newsroom Photo Desk",
            "alt_text": "A dusty street lined with low buildings under a pale sky",
            "color": "#8b6b3d",
        },
        "days_ago": 4,
        "comments": [
            {
                "name": "Samir Haddad",
                "email": "samir.h@example.com",
                "url": "",
                "body": (
                    "Good that you included the background on the civil war. Most "
                    "reports skip the humanitarian side entirely."
                ),
            },
        ],
    },
    {
        "slug": "womens-tech-network-mentoring-night",
        "title": "Women’s Tech Network Pairs 200 Engineers With Mentors in One Night",
        "section": "technology",
        "authors": ["priya-natarajan"],
        "standfirst": (
            "A volunteer-run professional network packed the Monte Verde Community "
            "Center for its largest mentoring event yet, with a waiting list of more "
            "than 80 people."
        ),
        "body": (
            "<p>By 6:30 on Thursday evening the folding chairs at the Monte Verde "
            "Community Center were gone, and organizers were carrying in stools from "
            "the kitchen. More than 200 women working in software, hardware and product "
            "roles had turned up for a speed-mentoring night that its hosts had planned "
            "for about half that number.</p>"
            '<p>The event was organized by <a href="https://siliconvalleywomen.example.org/">'
            "硅谷女性 (Silicon Valley Women)</a>, a volunteer network founded six years ago "
            "by a handful of engineers who met in a Mandarin-language parenting group. It "
            "now counts roughly 1,400 members, most of them in the South Bay.</p>"
            "<p>The format was simple. Each participant filled out a card listing one "
            "career question, and volunteers matched them with senior engineers, managers "
            "and founders for 15-minute conversations, rotating three times.</p>"
            "<blockquote><p>“People don’t need a keynote. They need someone who has "
            "already made the jump they are afraid of,” said Lin Yuqing, the network’s "
            "volunteer coordinator.</p></blockquote>"
            "<h2>Questions about layoffs and promotions</h2>"
            "<p>Many of the cards dealt with the uncertainty of the past two years. "
            "Several attendees asked how to explain a layoff on a résumé; others wanted "
            "advice on moving from individual contributor to manager, or on negotiating "
            "pay after returning from parental leave.</p>"
            "<p>Grace Mendoza, a verification engineer who has been in the industry for "
            "four years, said her mentor had walked her through how to ask for a "
            "promotion review without waiting for her manager to raise it. “I came with "
            "one question and left with a plan,” she said.</p>"
            "<p>Organizers said they would move next quarter’s event to a larger hall and "
            "try a weekend session for members with young children. They are also "
            "recruiting more mentors, particularly from manufacturing and chip design, "
            "where demand for advice outstripped the volunteers available.</p>"
        ),
        "tags": ["women-in-tech", "careers", "silicon-valley", "events"],
        "photo": {
            "caption": (
                "Engineers trade career advice in rotating pairs during a mentoring "
                "night at the Monte Verde Community Center."
            ),
            "credit": "Alicia Tran via Newsroom Photo Desk",
            "alt_text": "Pairs of women talking across small tables in a crowded hall",
            "color": "#7a3e6e",
        },
        "days_ago": 2,
        "comments": [
            {
                "name": "Jenny Liu",
                "email": "jenny.liu@example.com",
                "url": "",
                "body": (
                    "I was one of the mentors and it was the most energizing evening "
                    "I’ve had in months. Happy to help again at the weekend session."
                ),
            },
            {
                "name": "Rachel Kim",
                "email": "rkim@example.com",
                "url": "https://rachelkim.example",
                "body": "Is the waiting list still open for the next one?",
            },
        ],
    },
    {
        "slug": "chinese-american-literature-festival-fills-library",
        "title": "Chinese-American Writers Fill Library for Weekend Literature Festival",
        "section": "culture",
        "authors": ["kevin-zhang", "amara-okafor"],
        "standfirst": (
            "Readings in Mandarin and English, a translation workshop and a youth "
            "essay prize drew hundreds to the Monte Verde Public Library."
        ),
        "body": (
            "<p>The reading room at the Monte Verde Public Library is usually a place "
            "for whispering. On Saturday it held standing-room crowds, applause and, at "
            "one point, a poet leading the audience in a call-and-response recitation "
            "in two languages.</p>"
            '<p>The two-day festival, now in its fifth year, is organized by '
            '<a href="https://meihua.example.org/">美华文学</a>, a literary society that '
            "publishes Chinese-language writing by authors living in the United States. "
            "Organizers estimated that about 600 people attended across both days, "
            "up from roughly 350 last year.</p>"
            "<h2>Between two languages</h2>"
            "<p>The most crowded session was a panel on translation, in which three "
            "writers discussed what is lost and gained when a story moves between "
            "Chinese and English. Novelist Helen Qiu, whose second book follows three "
            "generations of a family running a laundry in Sacramento, said she now "
            "drafts some chapters in Mandarin and others in English, depending on "
            "which language her characters would think in.</p>"
            "<blockquote><p>“My grandmother never read a word I wrote in English. This "
            "time, she will,” Qiu told the audience.</p></blockquote>"
            "<p>Poet Wang Jianguo, a retired civil engineer who began writing in his "
            "sixties, read a sequence about commuting on Highway 101 that drew laughter "
            "of recognition from the room.</p>"
            "<p>Sunday’s program was given over largely to younger writers. Winners of "
            "the festival’s essay contest for high school students read their work, "
            "with first prize going to a junior from Monte Verde High for an essay "
            "about interpreting at her father’s medical appointments.</p>"
            "<p>Organizers said they hope to add a session for Cantonese and Taiwanese "
            "writers next year and are seeking volunteer translators to help publish an "
            "English edition of the society’s annual anthology.</p>"
        ),
        "tags": ["literature", "chinese-american", "events"],
        "photo": {
            "caption": (
                "Novelist Helen Qiu reads from her new book during the literature "
                "festival at the Monte Verde Public Library."
            ),
            "credit": "David Lam via Newsroom Photo Desk",
            "alt_text": "A woman reading at a lectern in front of a seated audience and bookshelves",
            "color": "#a0522d",
        },
        "days_ago": 6,
        "comments": [
            {
                "name": "Wei Chen",
                "email": "weichen@example.com",
                "url": "",
                "body": (
                    "The translation panel was wonderful. I hope the library records "
                    "the sessions next year for those who could not get in."
                ),
            },
        ],
    },
    {
        "slug": "monte-verde-council-approves-budget",
        "title": "Monte Verde Council Approves $412 Million Budget After Late-Night Debate",
        "section": "politics",
        "authors": ["maria-alvarez"],
        "standfirst": (
            "The spending plan restores weekend library hours and funds a new "
            "senior shuttle, but critics say it leans too heavily on one-time reserves."
        ),
        "body": (
            "<p>The Monte Verde City Council approved a $412 million operating budget "
            "shortly before midnight on Tuesday, voting 5-2 after more than four hours "
            "of public comment and debate.</p>"
            "<p>The plan, which takes effect July 1, restores Sunday hours at all three "
            "branch libraries, adds six firefighter positions and sets aside $1.8 "
            "million for a door-to-door shuttle for older residents who no longer "
            "drive. It also includes a modest increase in funding for street repairs, "
            "a perennial source of complaints at council meetings.</p>"
            "<p>Mayor Diane Koh called the budget “responsible and humane” and said the "
            "library hours alone had generated more letters to her office than any "
            "other issue this year.</p>"
            "<h2>Concerns over reserves</h2>"
            "<p>The two dissenting votes came from Councilmembers Rafael Ortega and "
            "Sandra Whitfield, who argued that the city was using about $9 million in "
            "one-time reserve money to cover ongoing costs. Ortega warned that the "
            "council would face a harder choice next spring if sales tax revenue "
            "continued to level off.</p>"
            "<blockquote><p>“We are paying this year’s bills with last year’s savings,” "
            "Ortega said. “That works exactly once.”</p></blockquote>"
            "<p>City Manager Paul Hendricks said the reserve draw was intended as a "
            "bridge while the city renegotiates several contracts, including its "
            "share of funding for regional bus service, which is itself the subject "
            "of a tense labor dispute.</p>"
            "<p>Dozens of residents spoke during public comment, many of them in favor "
            "of the shuttle program. Several speakers addressed the council in Mandarin "
            "and Spanish through interpreters the city began providing at budget "
            "hearings last year.</p>"
            "<p>The council will hold a midyear review of the budget in January.</p>"
        ),
        "tags": ["city-council", "budget", "monte-verde", "transit"],
        "photo": {
            "caption": (
                "Residents line up to speak during public comment on the budget at "
                "Monte Verde City Hall."
            ),
            "credit": "Newsroom Photo Desk",
            "alt_text": "A line of residents waiting at a microphone in a council chamber",
            "color": "#3b5b4a",
        },
        "days_ago": 3,
        "comments": [
            {
                "name": "Linda Park",
                "email": "lpark@example.com",
                "url": "",
                "body": (
                    "The senior shuttle is long overdue. My mother has been relying on "
                    "neighbors for rides to the clinic for two years."
                ),
            },
            {
                "name": "Mark Feldman",
                "email": "mfeldman@example.com",
                "url": "",
                "body": (
                    "Councilmember Ortega has a point about the reserves. I would like "
                    "to see a follow-up on what happens in January."
                ),
            },
            {
                "name": "Rosa Jimenez",
                "email": "rosa.j@example.com",
                "url": "",
                "body": "Thank you for mentioning the interpreters. It made a real difference for my family.",
            },
        ],
    },
    {
        "slug": "bus-drivers-walk-out-as-transit-talks-collapse",
        "title": "Bus Drivers Walk Out as Valley Transit Talks Collapse",
        "section": "news",
        "authors": ["tomasz-nowak"],
        "standfirst": (
            "About 1,100 drivers and mechanics went on strike at dawn, halting most "
            "bus service across the region and leaving commuters scrambling."
        ),
        "body": (
            "<p>Buses stayed in their depots across the South Bay on Friday morning "
            "after drivers and mechanics walked off the job, the first strike against "
            "the Valley Regional Transit Authority in more than a decade.</p>"
            "<p>Members of Transit Workers Local 2261 began picketing at three "
            "maintenance yards shortly before 5 a.m., hours after negotiations with "
            "the agency broke down. The union represents about 1,100 employees.</p>"
            "<p>The two sides remain apart on wages and scheduling. The union is seeking "
            "raises of 5 percent a year over three years and limits on split shifts, "
            "in which drivers work a morning and evening run with an unpaid gap of "
            "several hours in between. The agency has offered 3 percent annually.</p>"
            "<blockquote><p>“Our members can’t afford to live in the communities they "
            "drive through,” said Luis Herrera, the local’s president.</p></blockquote>"
            "<h2>Riders left waiting</h2>"
            "<p>The authority said light rail would continue to run on a reduced "
            "schedule staffed by supervisors, along with a small number of paratransit "
            "vehicles for riders with disabilities. Nearly all regular bus routes were "
            "suspended.</p>"
            "<p>At a stop on El Camino Real, Nguyen Thi Lan, a home health aide, said she "
            "had paid $28 for a ride-hailing trip to reach her first client. “If this "
            "lasts a week, that is a week of groceries,” she said.</p>"
            "<p>Agency spokeswoman Karen Doyle said the authority remained ready to "
            "return to the table and described its offer as the most it could "
            "responsibly afford given falling fare revenue and uncertain contributions "
            "from member cities.</p>"
            "<p>No new talks had been scheduled as of Friday afternoon. School districts "
            "along the busiest routes said they would excuse late arrivals for students "
            "who normally ride the bus.</p>"
        ),
        "tags": ["transit", "labor", "monte-verde"],
        "photo": {
            "caption": (
                "Striking transit workers picket outside a bus maintenance yard early "
                "on Friday."
            ),
            "credit": "Marco Reyes via Newsroom Photo Desk",
            "alt_text": "Workers holding picket signs in front of parked buses at dawn",
            "color": "#b5651d",
        },
        "days_ago": 0,
        "comments": [
            {
                "name": "Tom Nguyen",
                "email": "tom.nguyen@example.com",
                "url": "",
                "body": (
                    "Split shifts are brutal. My uncle drove for the authority for twenty "
                    "years and was gone from six in the morning until eight at night."
                ),
            },
        ],
    },
    {
        "slug": "chipmaker-breaks-ground-on-packaging-plant",
        "title": "Chipmaker Breaks Ground on Advanced Packaging Plant",
        "section": "business",
        "authors": ["tomasz-nowak"],
        "standfirst": (
            "Northgate Semiconductor says the $1.2 billion facility will employ "
            "about 600 people when it opens in 2027."
        ),
        "body": (
            "<p>Northgate Semiconductor broke ground on Wednesday on a $1.2 billion "
            "plant in north Monte Verde that will assemble and test advanced chips, "
            "one of the largest industrial investments in the city in a generation.</p>"
            "<p>The facility will specialize in what the industry calls advanced "
            "packaging: stacking and connecting several chips in a single unit, a step "
            "that has become crucial for processors used in data centers and artificial "
            "intelligence systems. Much of that work is now done in Asia.</p>"
            "<p>Northgate, a mid-sized company based in Santa Clara, said the plant would "
            "employ about 600 people when it reaches full production in 2027, roughly "
            "two-thirds of them technicians and operators who will not need a four-year "
            "degree.</p>"
            "<blockquote><p>“These are jobs you can raise a family on, and most of them "
            "start with a community college certificate,” said Northgate’s chief "
            "operating officer, Evelyn Brandt.</p></blockquote>"
            "<h2>Training pipeline</h2>"
            "<p>The company has agreed to fund a training program with Mission Valley "
            "Community College, which plans to enroll its first class of 40 students "
            "this fall. Courses will cover clean-room procedures, equipment maintenance "
            "and quality inspection.</p>"
            "<p>The project still faces hurdles. Neighbors in the adjacent Orchard Park "
            "area have raised concerns about truck traffic and water use, and the city "
            "is requiring the company to fund a traffic study before final permits are "
            "issued. Northgate said the plant would recycle most of its process "
            "water.</p>"
            "<p>Economists said the investment reflects a broader push to bring more "
            "chip manufacturing steps back to the United States, though they cautioned "
            "that packaging plants employ far fewer people than the large fabrication "
            "facilities being built in Arizona, Texas and Ohio.</p>"
        ),
        "tags": ["semiconductors", "jobs", "silicon-valley", "labor"],
        "photo": {
            "caption": (
                "Company executives and city officials turn the first shovels of "
                "earth at the site of the new plant in north Monte Verde."
            ),
            "credit": "Newsroom Photo Desk",
            "alt_text": "People in hard hats holding shovels on an empty dirt lot",
            "color": "#4a5a6a",
        },
        "days_ago": 9,
        "comments": [
            {
                "name": "Arjun Mehta",
                "email": "arjun.m@example.com",
                "url": "https://arjunmehta.example",
                "body": (
                    "Glad to see the community college partnership. Hopefully the "
                    "certificate program is open to adult learners, not just recent "
                    "graduates."
                ),
            },
            {
                "name": "Carol Simmons",
                "email": "csimmons@example.com",
                "url": "",
                "body": "The traffic study needs to look at the school drop-off hours on Orchard Avenue.",
            },
        ],
    },
    {
        "slug": "free-health-fair-offers-screenings-in-five-languages",
        "title": "Free Health Fair Offers Screenings in Five Languages",
        "section": "community",
        "authors": ["amara-okafor"],
        "standfirst": "",
        "body": (
            "<p>More than 450 people lined up outside the Monte Verde Community Center "
            "on Saturday for free blood pressure checks, flu shots and hepatitis B "
            "screenings, with volunteers on hand to explain results in English, "
            "Mandarin, Cantonese, Vietnamese and Spanish.</p>"
            '<p>The annual fair is run by <a href="https://hearts.example.org/">HEARTS</a>, '
            "a volunteer health outreach group, together with two local clinics and "
            "nursing students from a nearby college. Organizers said attendance was the "
            "highest since the event began nine years ago.</p>"
            "<h2>Reaching people who skip checkups</h2>"
            "<p>Many of those who came were older adults or recent immigrants without a "
            "regular doctor. Dr. Susan Ho, a family physician who has volunteered at the "
            "fair since its first year, said she sees the same pattern every time: "
            "people who feel fine, have not had a checkup in years and discover their "
            "blood pressure is dangerously high.</p>"
            "<blockquote><p>“The screening takes five minutes. The conversation "
            "afterward is what matters,” Ho said.</p></blockquote>"
            "<p>Hepatitis B testing drew particular attention. The infection is more "
            "common among people born in parts of Asia and Africa and often causes no "
            "symptoms for years, which is why the organizers make it a centerpiece of "
            "the event.</p>"
            "<p>Anyone with an abnormal result left with a referral to a community "
            "clinic that charges on a sliding scale, and volunteers booked follow-up "
            "appointments on the spot for about 70 people.</p>"
            "<p>Wang Meifang, 71, said she had come at the urging of her daughter. She "
            "left with a flu shot, a new blood pressure cuff and an appointment for the "
            "following week. “Next year I will bring my husband,” she said, “even if I "
            "have to drag him.”</p>"
        ),
        "tags": ["health", "chinese-american", "events", "seniors"],
        "photo": {
            "caption": (
                "A nursing student checks a visitor’s blood pressure at the annual "
                "health fair."
            ),
            "credit": "Alicia Tran via Newsroom Photo Desk",
            "alt_text": "A student in scrubs fitting a blood pressure cuff on an older woman’s arm",
            "color": "#2e8b57",
        },
        "days_ago": 12,
        "comments": [],
    },
    {
        "slug": "night-market-vendors-get-permanent-home-downtown",
        "title": "Night Market Vendors Get a Permanent Home Downtown",
        "section": "business",
        "authors": ["maria-alvarez"],
        "standfirst": (
            "After three summers as a pop-up, the Friday night market will move into "
            "a city-owned lot with power, water and year-round permits."
        ),
        "body": (
            "<p>The Friday night market that began as a handful of food stalls in a "
            "church parking lot is getting a permanent address. The Monte Verde City "
            "Council voted unanimously this week to lease a city-owned lot on Second "
            "Street to the vendors’ association for $1 a year.</p>"
            "<p>The market, which draws up to 3,000 visitors on summer evenings, has "
            "until now operated under temporary event permits that had to be renewed "
            "every season. Vendors hauled in generators and water tanks each week.</p>"
            "<p>Under the new arrangement, the city will install electrical hookups, a "
            "hand-washing station and lighting, paid for with a $240,000 small-business "
            "grant. The association will handle cleaning, security and scheduling.</p>"
            "<blockquote><p>“Three summers ago we had eleven stalls and one extension "
            "cord,” said Jason Lim, who sells Taiwanese sausages and chairs the vendors’ "
            "association. “Now we can plan a business.”</p></blockquote>"
            "<h2>A stepping stone</h2>"
            "<p>For many vendors, the market is a low-cost way to test a business "
            "before committing to a storefront. At least four former stallholders have "
            "since opened restaurants within a mile of the lot, according to the city’s "
            "economic development office.</p>"
            "<p>Not everyone was enthusiastic. A few downtown restaurant owners told the "
            "council they worried about competition on their busiest night. The city "
            "responded by capping the number of stalls at 45 and barring vendors from "
            "selling alcohol. Stallholders will also have to close by 10 p.m., an hour "
            "earlier than under the old permits, to ease concerns from nearby "
            "apartment residents.</p>"
            "<p>The market will reopen at the new site in May, with plans to add a "
            "Sunday afternoon crafts market later in the year.</p>"
        ),
        "tags": ["small-business", "monte-verde", "chinese-american", "city-council"],
        "photo": {
            "caption": (
                "Shoppers crowd the food stalls at the Friday night market during its "
                "final summer as a pop-up."
            ),
            "credit": "David Lam via Newsroom Photo Desk",
            "alt_text": "Crowds walking between lit food stalls at dusk",
            "color": "#c0392b",
        },
        "days_ago": 15,
        "comments": [
            {
                "name": "Kelly Tan",
                "email": "kelly.tan@example.com",
                "url": "",
                "body": "Best news all year. The scallion pancake stall alone is worth the trip.",
            },
            {
                "name": "George Adams",
                "email": "gadams@example.com",
                "url": "",
                "body": (
                    "I hope they sort out parking. Second Street was already jammed "
                    "on Fridays."
                ),
            },
        ],
    },
    {
        "slug": "students-build-translation-app-for-grandparents",
        "title": "High Schoolers Build Translation App to Help Grandparents at the Doctor",
        "section": "technology",
        "authors": ["priya-natarajan"],
        "standfirst": (
            "A team of four teenagers designed a simple tool that turns a "
            "doctor’s instructions into plain Chinese and Vietnamese."
        ),
        "body": (
            "<p>When Ethan Zhou’s grandmother came home from a cardiology appointment "
            "last year, she could not remember whether the doctor had told her to take "
            "a new pill once a day or twice. Ethan, then a sophomore, was in class "
            "when she called.</p>"
            "<p>That phone call became the starting point for CareNote, a free app that "
            "Ethan and three classmates at Monte Verde High School built over the past "
            "school year. It records a short summary of a doctor’s instructions, with "
            "the patient’s permission, and produces a plain-language version in "
            "Simplified Chinese, Traditional Chinese or Vietnamese, in large type.</p>"
            "<h2>Designed with the users</h2>"
            "<p>The team spent more time testing than coding, they said. They held six "
            "sessions at a senior center, watching residents try early versions and "
            "noting where they got stuck. The first design had eleven buttons; the "
            "current one has three.</p>"
            "<blockquote><p>“Every time we added a feature, someone’s grandmother told "
            "us to take it out,” said team member Linh Pham.</p></blockquote>"
            "<p>The students are careful about the app’s limits. It does not give "
            "medical advice, and every summary carries a reminder to confirm "
            "instructions with a pharmacist. Recordings are stored only on the phone "
            "and deleted after 30 days.</p>"
            "<p>Their computer science teacher, Mark Delgado, said the project taught "
            "lessons no textbook could. “They learned that the hard part of software is "
            "understanding people,” he said.</p>"
            "<p>The app won first place in a regional student innovation competition "
            "this spring. The team plans to add Spanish and Korean this summer and is "
            "talking with a local clinic about a small pilot program.</p>"
        ),
        "tags": ["education", "seniors", "silicon-valley"],
        "photo": {
            "caption": (
                "Students demonstrate their translation app to residents at a "
                "senior center in Monte Verde."
            ),
            "credit": "Newsroom Photo Desk",
            "alt_text": "Teenagers showing a smartphone screen to two older adults at a table",
            "color": "#5b4a8b",
        },
        "days_ago": 18,
        "comments": [
            {
                "name": "Patricia Huang",
                "email": "phuang@example.com",
                "url": "",
                "body": (
                    "What a thoughtful project. As a pharmacist I appreciate the reminder "
                    "to double-check with us."
                ),
            },
        ],
    },
    {
        "slug": "registrar-adds-chinese-language-help-ahead-of-election",
        "title": "Registrar Adds Chinese-Language Help Desks Ahead of November Vote",
        "section": "politics",
        "authors": ["kevin-zhang"],
        "standfirst": (
            "Bilingual staff will be posted at eight vote centers in Monte Verde, "
            "double the number at the last general election."
        ),
        "body": (
            "<p>Voters in Monte Verde who prefer to read their ballots in Chinese will "
            "find more help this fall, after the county registrar’s office announced "
            "that bilingual staff will be stationed at eight vote centers in the city, "
            "up from four in the previous general election.</p>"
            "<p>The expansion follows a review of language requests, which showed that "
            "nearly one in eight registered voters in the city asked for materials in "
            "Chinese during the last cycle. Registrar Angela Ruiz said demand had grown "
            "fastest among naturalized citizens over 60.</p>"
            "<blockquote><p>“A ballot that people can’t read is not much of a ballot,” "
            "Ruiz said at a news conference on Monday.</p></blockquote>"
            "<h2>Community groups step in</h2>"
            "<p>Several community organizations have offered to help. A coalition of "
            "Chinese-American civic groups plans to hold weekend workshops at libraries "
            "and churches explaining how to register, how vote-by-mail works and what "
            "the measures on this year’s ballot would do, without endorsing any "
            "position.</p>"
            "<p>Organizers said many older voters are confused less by the candidates "
            "than by the mechanics: which envelope to sign, where to drop it off and "
            "how to check that it was counted. Volunteers will bring sample ballots and "
            "walk participants through each step.</p>"
            "<p>The registrar’s office is also hiring temporary election workers who "
            "speak Mandarin, Cantonese, Vietnamese, Spanish or Tagalog. The positions "
            "pay $22 an hour and include paid training.</p>"
            "<p>The deadline to register for the November election is 15 days before "
            "Election Day, though eligible residents can still register and cast a "
            "provisional ballot in person after that date.</p>"
        ),
        "tags": ["elections", "chinese-american", "monte-verde"],
        "photo": {
            "caption": (
                "A volunteer explains a sample ballot to voters during a weekend "
                "workshop at a Monte Verde library."
            ),
            "credit": "Marco Reyes via Newsroom Photo Desk",
            "alt_text": "A volunteer pointing to a printed ballot while two people look on",
            "color": "#1f4e79",
        },
        "days_ago": 22,
        "comments": [
            {
                "name": "Frank Lee",
                "email": "franklee@example.com",
                "url": "",
                "body": "Is there a list of the eight vote centers yet? My parents would like to go to the nearest one.",
            },
        ],
    },
    {
        "slug": "retired-teachers-run-weekend-english-classes",
        "title": "Retired Teachers Run Weekend English Classes for Newcomers",
        "section": "community",
        "authors": ["amara-okafor"],
        "standfirst": (
            "What began as a favor for a neighbor has grown into six free classes "
            "serving more than 120 adults every Saturday."
        ),
        "body": (
            "<p>Every Saturday at 9 a.m., the classrooms of a Monte Verde elementary "
            "school fill with adults: grandparents from Guangzhou, a nurse from Kabul, "
            "an engineer from Monterrey, a young couple from Kyiv. They are there to "
            "practice English with a group of retired teachers who volunteer their "
            "weekends.</p>"
            "<p>The program began four years ago when Barbara Lindqvist, who taught "
            "middle school English for 31 years, offered to help a neighbor prepare "
            "for her citizenship interview. Word spread. Today the classes are run by "
            "18 volunteers and serve more than 120 students across six levels.</p>"
            "<h2>Practical English first</h2>"
            "<p>The lessons focus on what students say they need most: talking to a "
            "doctor, reading a lease, calling a child’s school, handling a job "
            "interview. Role-playing is a regular part of every class.</p>"
            "<blockquote><p>“Grammar can wait. The pharmacy can’t,” Lindqvist said.</p>"
            "</blockquote>"
            "<p>Chen Guoqiang, 67, moved from Guangzhou two years ago to help care for "
            "his grandchildren. He said he used to let his grandson answer the phone. "
            "Now he handles calls to the school himself and recently chatted with a "
            "neighbor about gardening for the first time.</p>"
            "<p>The classes are free, and the school district provides the rooms at no "
            "charge. Volunteers pay for most materials themselves, though a local "
            "bookstore donates dictionaries each fall.</p>"
            "<p>The program is looking for more volunteers, particularly people who "
            "speak Dari, Pashto or Ukrainian and can help beginners in their first "
            "weeks. No teaching experience is required, Lindqvist said, only patience "
            "and a willingness to show up on Saturdays.</p>"
        ),
        "tags": ["education", "volunteers", "chinese-american"],
        "photo": {
            "caption": (
                "Volunteer teacher Barbara Lindqvist leads a role-playing exercise "
                "during a Saturday English class."
            ),
            "credit": "Alicia Tran via Newsroom Photo Desk",
            "alt_text": "A teacher standing at a whiteboard while adult students sit at desks",
            "color": "#6b8e23",
        },
        "days_ago": 27,
        "comments": [
            {
                "name": "Nadia Rahimi",
                "email": "nadia.r@example.com",
                "url": "",
                "body": (
                    "I speak Dari and would be glad to help. Who should I contact to "
                    "volunteer?"
                ),
            },
            {
                "name": "Steven Cho",
                "email": "scho@example.com",
                "url": "",
                "body": (
                    "My father attends these classes and looks forward to them all week. "
                    "Thank you to every volunteer."
                ),
            },
        ],
    },
    # Bilingual stories: each language version is its own article with its own address, byline and
    # comments, linked to the original by "translation_of".
    {
        "slug": "silicon-valley-women-talk-on-work-and-family",
        "title": "Silicon Valley Women’s Association Hosts Talk on Work and Family",
        "section": "community",
        "authors": ["priya-natarajan"],
        "standfirst": (
            "More than a hundred members filled the library’s meeting room to hear an engineer "
            "describe two decades of balancing a chip-design career with raising two children."
        ),
        "body": (
            "<p>The Silicon Valley Women’s Association held its monthly talk at the Cupertino "
            "library on Saturday, and for the first time the organizers had to open a second room. "
            "The subject, work and family, drew members from across the Bay Area.</p>"
            "<p>The speaker, an engineer who has spent twenty years in the semiconductor industry, "
            "described finishing a doctorate while raising two children and negotiating flexible "
            "hours at a company that had never offered them.</p>"
            "<blockquote><p>“Nobody hands you the arrangement you need. You write it down, you "
            "propose it, and you show it works,” she said.</p></blockquote>"
            "<p>After the talk, members split into small groups. A mother who recently moved from "
            "Shanghai said her biggest worries were her children’s school and her own visa; a young "
            "engineer at a start-up said she was looking for a mentor.</p>"
            "<p>The association plans a talk every month and is working with a community college on "
            "career courses. Its meetings are held in English and Mandarin and are open to everyone.</p>"
        ),
        "tags": ["community", "chinese-american", "work"],
        "photo": {
            "caption": "Members of the Silicon Valley Women’s Association at Saturday’s talk in Cupertino.",
            "credit": "Newsroom Photo Desk",
            "alt_text": "Women seated in rows in a library meeting room listening to a speaker",
            "color": "#8e4585",
        },
        "days_ago": 1,
    },
    {
        "slug": "硅谷女性协会举办讲座-探讨职场与家庭",
        "language": "zh-hans",
        "translation_of": "silicon-valley-women-talk-on-work-and-family",
        "title": "硅谷女性协会举办讲座，探讨职场与家庭",
        "section": "community",
        "authors": ["priya-natarajan", "kevin-zhang"],
        "roles": {"kevin-zhang": "Translated by"},
        "standfirst": "一百多名会员挤满图书馆的会议室，听一位工程师讲述二十年来如何在芯片设计工作和养育两个孩子之间取得平衡。",
        "body": (
            "<p>硅谷女性协会本周六在库比蒂诺图书馆举办月度讲座，讨论职场与家庭。来的人太多，主办方第一次不得不再开一间会议室。</p>"
            "<p>主讲人在半导体行业工作了二十年。她讲述了自己如何在照顾两个孩子的同时完成博士学位，"
            "又如何在一家从未提供过弹性工作时间的公司里争取到了弹性工作时间。</p>"
            "<blockquote><p>“没有人会把你需要的安排送到你手上。你要把它写下来，提出来，再证明它行得通。”她说。</p></blockquote>"
            "<p>讲座结束后，会员们分成小组交流。一位刚从上海搬来的母亲说，她最担心的是孩子的学校和自己的签证；"
            "一位在初创公司工作的年轻工程师则希望找到一位导师。</p>"
            "<p>协会计划每月举办一次讲座，并正与一所社区大学合作开设职业课程。活动使用英语和普通话，欢迎所有人参加。</p>"
        ),
        "tags": ["community", "chinese-american", "work"],
        "photo": {
            "caption": "周六在库比蒂诺举行的讲座上，硅谷女性协会的会员们。",
            "credit": "Newsroom 图片部",
            "alt_text": "图书馆会议室里，女士们坐成几排听讲",
            "color": "#8e4585",
        },
        "days_ago": 1,
    },
    {
        "slug": "美华文学秋季朗读会在图书馆举行",
        "language": "zh-hans",
        "title": "美华文学秋季朗读会在图书馆举行",
        "section": "culture",
        "authors": ["kevin-zhang"],
        "standfirst": "六位华裔作家朗读了新作，从移民家庭的厨房写到硅谷的深夜办公室。",
        "body": (
            "<p>美华文学社上周日在圣何塞市立图书馆举行秋季朗读会，六位华裔作家朗读了即将刊登在社刊秋季号上的新作。"
            "近八十位读者到场，不少人是全家一起来的。</p>"
            "<p>第一位朗读的是一位退休的中学老师。她的散文写的是母亲的厨房：一口用了三十年的铁锅，和一本夹满剪报的菜谱。"
            "另一位年轻作者则写了硅谷一间深夜的办公室，屏幕的光照着两代人的梦想。</p>"
            "<p>朗读会后，作家们和读者交流了用中文写作的难处。一位作者说，孩子们的中文越来越少，他写作的时候常常想，"
            "二十年后还有谁会读这些文字。社长回答说，这正是文学社存在的理由。</p>"
            "<p>秋季号将于下月出版，读者可以在图书馆和几家华人书店免费取阅。</p>"
        ),
        "tags": ["culture", "chinese-american", "books"],
        "photo": {
            "caption": "美华文学社秋季朗读会上，一位作家在朗读新作。",
            "credit": "Newsroom 图片部",
            "alt_text": "一位作家站在讲台前朗读，听众坐在前面",
            "color": "#b5651d",
        },
        "days_ago": 3,
        "comments": [
            {
                "name": "李文静",
                "email": "wenjing.li@example.com",
                "url": "",
                "body": "写厨房的那篇让我想起了我的外婆。期待秋季号！",
            },
        ],
    },
    {
        "slug": "chinese-american-writers-read-new-work-at-library",
        "translation_of": "美华文学秋季朗读会在图书馆举行",
        "title": "Chinese-American Writers Read New Work at Library Evening",
        "section": "culture",
        "authors": ["kevin-zhang"],
        "standfirst": (
            "Six writers read new pieces, from an immigrant family’s kitchen to a Silicon Valley "
            "office late at night."
        ),
        "body": (
            "<p>The Meihua literary society held its autumn reading at the San José public library last "
            "Sunday, where six Chinese-American writers read work from the society’s coming autumn "
            "issue. Nearly eighty people came, many of them as families.</p>"
            "<p>A retired high-school teacher read first: an essay about her mother’s kitchen, a wok "
            "in use for thirty years and a recipe book stuffed with newspaper clippings. A younger "
            "writer read about a Silicon Valley office late at night, its screens lighting the hopes "
            "of two generations.</p>"
            "<p>Afterwards writers and readers talked about how hard it is to write in Chinese. One "
            "author said his children speak less Chinese every year, and he often wonders who will "
            "read these pages in twenty years. The society’s president answered that this is why the "
            "society exists.</p>"
            "<p>The autumn issue comes out next month and will be free at the library and several "
            "Chinese bookstores.</p>"
        ),
        "tags": ["culture", "chinese-american", "books"],
        "photo": {
            "caption": "A writer reads new work at the Meihua literary society’s autumn reading.",
            "credit": "Newsroom Photo Desk",
            "alt_text": "A writer reading at a lectern in front of a seated audience",
            "color": "#b5651d",
        },
        "days_ago": 3,
    },
    {
        "slug": "社区诊所推出普通话和粤语健康咨询",
        "language": "zh-hans",
        "title": "社区诊所推出普通话和粤语健康咨询",
        "section": "community",
        "authors": ["amara-okafor"],
        "standfirst": "每周三下午，不会说英语的老人可以用自己的语言向护士咨询用药和预约问题。",
        "body": (
            "<p>东圣何塞的一家社区诊所从本月起，每周三下午提供普通话和粤语健康咨询。两位会说中文的护士轮流值班，"
            "帮助老人看懂处方、预约检查，以及填写医疗保险表格。</p>"
            "<p>诊所负责人说，过去常有老人因为看不懂药瓶上的说明而吃错药，或者因为打不通预约电话而放弃看病。"
            "“语言不应该成为看病的障碍，”她说。</p>"
            "<p>咨询免费，不需要预约。诊所还在招募会说越南语和西班牙语的志愿者，希望明年把服务扩大到更多社区。</p>"
        ),
        "tags": ["health", "chinese-american", "community"],
        "photo": {
            "caption": "东圣何塞社区诊所的候诊室。",
            "credit": "Newsroom 图片部",
            "alt_text": "诊所候诊室里摆着几排椅子，墙上贴着中英文告示",
            "color": "#2a9d8f",
        },
        "days_ago": 2,
    },
]
