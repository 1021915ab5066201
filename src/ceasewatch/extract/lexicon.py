"""The words that signal an event of each type, how firmly a sentence states it, and counts.

Each trigger is a regular expression over a lower-cased sentence and the taxonomy
code it signals. The order of ``TRIGGERS`` is a priority: when several types of one family
fire in a sentence, the first listed wins ("mortar and small-arms fire" is shelling). A
type marked ``mission`` fires only when the sentence speaks of the monitoring mission (or
the document is the mission's own), since a patrol or a checkpoint of a party is
something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Trigger:
    code: str
    pattern: str
    mission: bool = False  # only about the monitoring mission


_FIRE = (
    r"(?:open(?:ed|ing)? fire|fired\b|firing\b|shots? (?:was |were )?fired|gunfire|shooting\b|"
    r"under fire|came under|exchange of fire|exchanged fire|sniper|small[- ]arms|"
    r"machine[- ]?guns?|automatic (?:weapons|rifles)|rifles?\b|shot (?:at|dead)|bursts? of fire|"
    r"shelled|shelling|fire (?:was |were )?(?:opened|from|at|on|in the direction)|gunshots|"
    r"shots (?:were )?heard)"
)

TRIGGERS: tuple[Trigger, ...] = (
    # ceasefire violations: the weapon decides the type; a bare violation is undetermined
    Trigger(
        "cfv.shelling",
        r"\b(?:mortars?|artillery|shell(?:ed|ing|s)?|howitzers?|rockets?|grad\b|multiple rocket|"
        r"heavy weapons? fire|(?:large|heavy)[- ]calibre|shrapnel|shell fragments)",
    ),
    Trigger(
        "cfv.drone",
        r"\b(?:drones?|uavs?|unmanned aerial|quadcopters?|air ?strikes?|loitering munitions?|"
        r"violat\w* (?:\w+ )?airspace)\b",
    ),
    Trigger("cfv.grenade", r"(?<!stun )(?<!flash )\bgrenades?\b(?! launchers?)"),
    Trigger("cfv.small_arms", _FIRE),
    Trigger(
        "cfv.undetermined",
        r"\b(?:violat(?:ed|ing|ion of|ions of) (?:the )?(?:ceasefire|truce)|"
        r"ceasefire violations?|(?:breach|breaches|breached) (?:of )?(?:the )?(?:ceasefire|"
        r"truce))",
    ),
    # armed clashes
    Trigger("clash.chemical", r"\b(?:chemical weapons?|white phosphorus|phosphorus munitions)\b"),
    Trigger(
        "clash.government_regains",
        r"\b(?:regain(?:ed)? control|took (?:full )?control of|taken control of|"
        r"liberated (?:the )?(?:village|town|city|settlement|heights?|positions?)|recaptured|"
        r"captured (?:the |several |a )?(?:heights?|positions?|village|villages|hill|peak)|"
        r"seized (?:the |several |a )?(?:heights?|positions?|villages?|hill|peak)|tak(?:e|"
        r"ing) control of)",
    ),
    Trigger(
        "clash.armed",
        r"\b(?:clash(?:es|ed)?|fighting|firefights?|skirmish(?:es)?|battles?\b|"
        r"hostilities (?:resumed|broke out|erupted)|offensive\b|assault on|stormed|"
        r"anti-terror(?:ist)? (?:operation|measures)|military operation|sabotage (?:group|"
        r"attack)|attack(?:ed|s)? (?:on )?(?:the )?(?:\w+ ){0,3}positions|attempt(?:ed|"
        r"s)? to (?:seize|capture|take)|(?:group|detachment|saboteurs?) (?:was|"
        r"were) (?:neutrali[sz]ed|destroyed)|armed (?:confrontation|incident|provocation)|"
        r"combat (?:operations?|actions?)|counter-?attack|counter-?offensive|incursion|"
        r"infiltrat(?:ed|ion|ing)|launched (?:a |an )?(?:\w+ )?provocation|"
        r"large-scale provocation|ambush(?:ed)?)",
    ),
    # violence against civilians
    Trigger("civilians.sexual_violence", r"\b(?:rape[sd]?|sexual (?:violence|assault|abuse))\b"),
    Trigger(
        "civilians.abduction",
        r"\b(?:abduct(?:ed|ion|ions|ing)?|kidnap(?:ped|ping|s)?|forcibly disappeared|"
        r"forced disappearance|taken captive|taken hostage|hostages?|went missing|disappeared|"
        r"taken from their homes|last seen in (?:the )?custody)\b",
    ),
    Trigger(
        "civilians.property_destruction",
        r"\b(?:loot(?:ed|ing)|set (?:on )?fire to|set ablaze|burn(?:ed|t|ing) down|torched|"
        r"vandali[sz](?:ed|m|ing)|desecrat(?:ed|ion|ing)|demolish(?:ed|ing)?|bulldoz(?:ed|ing)|"
        r"razed|defaced|destroy(?:ed|ing)? (?:a |the |an )?(?:house|houses|homes?|church|chapel|"
        r"cemetery|cemeteries|monument|khachkars?|memorial|school|property|crops|orchards?)|"
        r"damag(?:ed|ing) (?:\w+ ){0,2}(?:houses?|homes?|buildings?|school|church|infrastructure|"
        r"roofs?|cars?)|(?:houses?|homes?|buildings?|roofs?|windows?) (?:\w+ ){0,3}(?:were|"
        r"was) damaged|sustained damage|set (?:\w+ ){0,3}on fire|dismantl(?:ed|ing))",
    ),
    Trigger(
        "civilians.attack",
        r"\b(?:(?:attack(?:ed|s)?|assault(?:ed)?|beat(?:en)?|shot|targeted|fired (?:at|on)|"
        r"wounded|injured|killed) (?:a |an |two |three |several |the |"
        r"\d+ )(?:local )?(?:civilians?|farmers?|shepherds?|residents?|villagers?|"
        r"tractor drivers?|herders?|children|child|woman|women|man|men|teenager|boy|girl|family)|"
        r"(?:civilians?|farmers?|shepherds?|residents?|villagers?|tractor|herders?|children|"
        r"woman|man|boy|girl)\b[^.;]{0,60}?\b(?:was|were|been|got)? ?(?:shot|wounded|injured|"
        r"killed|attacked|beaten|assaulted|targeted|hit by)|tortur(?:e|ed|ing)|ill-treat\w*|"
        r"mistreat\w*|extrajudicial|executed|execution of)",
    ),
    # military movement
    Trigger(
        "movement.withdrawal",
        r"\b(?:withdr[ae]w(?:n|al)?|withdrawing|pull(?:ed|ing)? (?:out|back)|pull-?out|"
        r"left (?:the|their) positions|vacated (?:\w+ ){0,2}positions|"
        r"moved (?:\w+ ){0,2}(?:posts|positions|troops|forces|units) out of|withdraw\b|(?:leave|"
        r"left|leaving) the (?:\w+ )?(?:district|area|region|positions))",
    ),
    Trigger(
        "movement.base_established",
        r"\b(?:(?:set up|established|setting up|establish(?:ing)?|opened|installed|erected|built|"
        r"building|constructed) (?:a |an |the |two |three |several |"
        r"new )*(?:new )?(?:military )?(?:bases?|posts?|outposts?|positions?|checkpoints?|"
        r"headquarters|barracks|camps?|border post)|new (?:military )?(?:bases?|outposts?|"
        r"checkpoint)|(?:installed|set up|established|opened) (?:a |an |"
        r"the )?(?:new )?(?:border |military |observation )?(?:checkpoint|post)|(?:installed|"
        r"set up|established|opened) (?:its |their )?own (?:\w+ )?(?:checkpoint|post))",
    ),
    Trigger(
        "movement.fortification",
        r"\b(?:fortif(?:y|ied|ying|ications?)|trench(?:es)?|dug(?:outs?)?\b|digging|"
        r"engineering (?:works?|equipment)|earthworks|concrete (?:barriers|blocks)|"
        r"firing positions?|strengthen(?:ed|ing) (?:its |their )?positions)",
    ),
    Trigger(
        "movement.forces",
        r"\b(?:(?:mov(?:ed|ing)|deploy(?:ed|ing)|deployment|redeploy(?:ed|ing|ment)?|"
        r"transferr?(?:ed|ing)|brought (?:in|up)|concentrat(?:ed|ing|ion)|build-?up|amass(?:ed|"
        r"ing)|massing|reinforce(?:d|ments)) (?:of )?(?:additional |more |new |heavy |armou?red |"
        r"military |\d+ |several |dozens of )*(?:troops|forces|units|armou?r|tanks|"
        r"armou?red vehicles|military (?:equipment|vehicles|hardware)|heavy weapons|"
        r"artillery pieces|servicemen|personnel|reinforcements)|troop movements?|"
        r"military (?:exercises|drills|build-?up)|movement of (?:troops|military)|"
        r"crossed (?:into |the (?:state )?border)|advanced (?:up to |about |some )?\d|"
        r"moved (?:about |some )?\d+ (?:metres|meters|kilometres|km) forward|"
        r"took up (?:new )?positions|occupied (?:\w+ ){0,2}(?:positions|heights)|"
        r"crossed the line of contact|deploy(?:s)? (?:\w+ ){0,2}(?:troops|forces|units|"
        r"peacekeepers|soldiers)|advanced (?:\w+ ){0,3}(?:metres|meters|kilometres|km) into|"
        r"advanced into|(?:tried|attempted|trying|attempting) to (?:cross|advance|enter|move)|"
        r"advanced (?:around|near|towards?|on)\b)",
    ),
    # corridor transit
    Trigger(
        "corridor.bypass",
        r"\b(?:bypass(?:es|ed|ing)?|dirt roads?|unpaved roads?|gravel roads?|alternative (?:road|"
        r"route)s?|mountain (?:road|track|path)s?|off the corridor|outside the corridor|"
        r"circumvent(?:ed|ing)?|forest roads?|side roads?)\b",
    ),
    Trigger(
        "corridor.convoy",
        r"\b(?:convoys?\b|column of (?:vehicles|trucks|cars|buses)|(?:vehicles|trucks|lorries|"
        r"cars|buses) (?:travell?ed|moved|drove|passed|went) (?:along|through|via|down|up)|"
        r"(?:vehicles|trucks|lorries|cars|buses)\b[^.;]{0,50}?\b(?:travell?ed|moved|drove|passed|"
        r"went) (?:along|through|via|down|up))",
    ),
    Trigger(
        "corridor.crossing",
        r"\b(?:(?:crossed|passed through|went through|entered through|pass(?:ed|ing)? through|"
        r"crossings? (?:of|at|through)) (?:the )?(?:\w+ ){0,2}(?:checkpoint|crossing point|"
        r"bridge)|(?:vehicles|trucks|cars|people|citizens|residents) (?:used|crossed|"
        r"passed) (?:the )?(?:\w+ )?corridor|passed (?:the )?(?:\w+ )?checkpoint|"
        r"through the (?:\w+ )?(?:crossing|checkpoint)\b)",
    ),
    # illicit transfers
    Trigger(
        "transfer.weapons",
        r"\b(?:smuggl(?:ed|ing) (?:of )?(?:weapons|arms|ammunition|mines|military)|(?:weapons|"
        r"arms|ammunition|military cargo|military personnel|servicemen|troops|"
        r"explosives)\b[^.;]{0,50}?\b(?:smuggled|transported|transferred|delivered|carried|"
        r"brought|hidden)|(?:transport|transfer|delivery|supply|shipment|rotation)(?:s|ed|"
        r"ing)? of (?:weapons|arms|ammunition|mines|military cargo|military personnel|"
        r"servicemen)|military cargo|arms (?:deliveries|shipments)|(?:transported|carried|supplied|"
        r"received|delivered|brought|supplies of) (?:\w+ ){0,3}(?:ammunition|weapons|arms)\b|"
        r"re-?arming)",
    ),
    Trigger(
        "transfer.resources",
        r"\b(?:(?:ore\b|ores\b|gold\b|copper|molybdenum|minerals?|concentrate|timber|deposits?\b|"
        r"mines?\b)[^.;]{0,80}?\b(?:sent|export|driven|transport|carried|shipped|left|taken out|"
        r"removed|smuggl|loaded|hauled|moved|trucked|across)|(?:sent|export|driven|transport|"
        r"carried|shipped|taken out|removed|smuggl|loaded|hauled|trucks?|lorries|"
        r"trucked)\w*\b[^.;]{0,80}?\b(?:ore\b|ores\b|gold\b|copper|molybdenum|minerals?|"
        r"concentrate|timber|deposits?\b)|mining (?:trucks|lorries))",
    ),
    # obstruction
    Trigger(
        "obstruction.journalists",
        r"\b(?:(?:journalists?|reporters?|camera ?(?:crew|man|men)|(?:film|television|tv) crews?|"
        r"media (?:crew|workers|representatives)|correspondents?|bloggers?|press (?:crew|"
        r"team))\b[^.;]{0,80}?\b(?:stopped|detained|denied|barred|not (?:allowed|permitted)|"
        r"turned back|prevented|blocked|refused|confiscated|expelled|harass|attacked|banned|held|"
        r"obstructed|deported)|(?:stopp|detain|bar|turn(?:ed|ing) back|prevent|block|expell|"
        r"harass|attack|ban|obstruct|deport)\w*\b[^.;]{0,60}?\b(?:journalists?|reporters?|"
        r"camera ?(?:crew|man|men)|(?:film|television|tv) crews?|correspondents?|bloggers?|"
        r"press (?:crew|team))|(?:refus|den(?:y|ied)|accredit)\w*\b[^.;]{0,60}?\b(?:journalists?|"
        r"reporters?|correspondents?|media)|from (?:filming|reporting|photographing))",
    ),
    Trigger(
        "obstruction.mission",
        r"\b(?:(?:blocked|stopped|obstructed|hindered|prevented|denied|refused|restricted|"
        r"harass(?:ed)?|threatened|turned back)\b[^.;]{0,60}?\b(?:peacekeepers?|peacekeeping|"
        r"monitors?|observers?|mission|patrol)|(?:peacekeepers?|peacekeeping (?:patrol|vehicles?|"
        r"convoy|column)|monitors?|observers?|patrol|mission)\b[^.;]{0,40}?\b(?:were|was|"
        r"had been|been)? ?(?:blocked|stopped|obstructed|denied|prevented|not allowed|refused|"
        r"turned back|harassed|restricted)|freedom of movement of (?:the )?(?:mission|monitors|"
        r"peacekeepers))",
    ),
    Trigger(
        "obstruction.blockade",
        r"\b(?:blockade[sd]?|blockading|(?:block(?:ed|ing|s)?|closed|closing|shut|"
        r"cut off) (?:off )?(?:the )?(?:\w+ ){0,2}(?:road|corridor|highway|route|roads|traffic|"
        r"passage)|sit-in|road (?:was |is )?(?:blocked|closed)|halted (?:all )?traffic|"
        r"suspended (?:all )?traffic|stopped all traffic|(?:traffic|movement|"
        r"passage) (?:on the \w+ )?(?:was |has been |had been )?(?:halted|suspended|blocked|"
        r"stopped|closed)|(?:traffic|movement|passage)\b[^.;]{0,50}?\b(?:was|has been|had been|"
        r"is) (?:halted|suspended|blocked|stopped|closed)|"
        r"closure of (?:the )?(?:\w+ ){0,2}(?:road|corridor|highway|crossing|border|checkpoint))",
    ),
    Trigger(
        "obstruction.movement",
        r"\b(?:(?:stopped|turned back|prevented|barred|not allowed|refused|denied (?:passage|"
        r"entry|access)|restrict(?:ed|ing|ions? on)|blocked|"
        r"hindered)\b[^.;]{0,60}?\b(?:vehicles?|civilians?|residents?|trucks?|cars?|buses|"
        r"patients|farmers|people|students|passage|travel|movement|ambulances?|entry)|"
        r"freedom of movement|(?:not|n't) allowed to (?:pass|cross|enter|leave|travel)|"
        r"denied (?:passage|entry)|refused to let (?:\w+ ){0,3}(?:through|pass|cross)|"
        r"not allowed (?:\w+ ){0,3}to (?:reach|pass|cross|enter)|has not allowed|turned away|"
        r"sent back|restrict(?:ed|ing) access)",
    ),
    # protest
    Trigger(
        "protest.excessive_force",
        r"\b(?:tear gas|rubber bullets|stun grenades|water cannon|"
        r"beat(?:ing)? (?:the )?protesters|violently dispersed)\b",
    ),
    Trigger("protest.riot", r"\b(?:riots?|rioters|rioting|violent (?:demonstration|protest)s?)\b"),
    Trigger(
        "protest.intervention",
        r"\b(?:dispersed (?:the )?(?:protest|rally|demonstrat)|(?:police|officers|"
        r"security forces) (?:\w+ )?(?:removed|dispersed|pushed back|"
        r"cleared) (?:the )?(?:protesters|demonstrators|crowd|activists)|(?:protest|rally|"
        r"demonstration)s? (?:was|were) dispersed|detained (?:\d+ |several |"
        r"dozens of )?(?:protesters|demonstrators|activists))",
    ),
    Trigger(
        "protest.peaceful",
        r"\b(?:protest(?:s|ers|ed|ing)?|rall(?:y|ies|ied)|demonstrat(?:ion|ions|ors|ed)|"
        r"picket(?:s|ed|ing)?|marched|march\b|(?:eco|environmental)[- ]activists|(?:people|"
        r"residents|activists|citizens|protesters|relatives|crowds?|villagers|women|mothers|"
        r"students)\b[^.;]{0,80}?\b(?:gathered|assembled|rallied) (?:outside|in front of|in|at|"
        r"near|on)|(?:staging|staged|stage) (?:a )?sit-in|sit-in|hunger strike)",
    ),
    # the mission's own activity
    Trigger(
        "mission.strength_report",
        r"\b(?:(?:\d[\d,]* |about \d[\d,]* )(?:peacekeepers|servicemen|"
        r"military personnel)\b(?:[^.;]{0,40}?(?:units of|pieces of) (?:military )?(?:equipment|"
        r"hardware))?|strength of the (?:contingent|mission)|units of (?:military )?(?:equipment|"
        r"hardware)|contingent (?:numbers|consists|comprises)|\d[\d,]* (?:personnel|troops)\b|"
        r"vehicle fleet|armou?red (?:personnel )?carriers)",
        mission=True,
    ),
    Trigger(
        "mission.observation_post",
        r"\b(?:(?:set up|deployed|deploy|man|manned|manning|opened|established|operate|operated|"
        r"operating|maintain|maintained|staffed) (?:\w+ ){0,4}(?:observation )?posts?|"
        r"\d+ (?:\w+ )?observation posts|observation posts? (?:\w+ ){0,3}(?:remained|continued|"
        r"continue|operate|operated|were deployed|was set up|were set up|on duty)|"
        r"op[- ]?\d+ (?:\w+ ){0,3}(?:recorded|observed|reported|heard|saw)|posts? (?:was |"
        r"were )?(?:deployed|set up|established|manned))",
        mission=True,
    ),
    Trigger(
        "mission.demining",
        r"\b(?:demin(?:ing|ed|e)|mine clearance|cleared (?:\d+ |of )?(?:mines|explosive|ordnance|"
        r"hectares|roads?)|sappers|explosive objects|neutrali[sz]ed|defused|engineering (?:units|"
        r"reconnaissance)|disposal of)",
        mission=True,
    ),
    Trigger(
        "mission.escort",
        r"\b(?:escort(?:s|ed|ing)?|accompan(?:ied|ying)|under (?:the )?(?:protection|guard) of|"
        r"ensured (?:the )?safe (?:passage|movement))",
        mission=True,
    ),
    Trigger(
        "mission.investigation",
        r"\b(?:investigat(?:e|ed|ing|ion|ions)|inquir(?:y|ies)|look(?:ed|ing) into|verif(?:y|ied|"
        r"ying|ication)|inspected the (?:site|scene|area)|examin(?:ed|ing) the (?:site|scene))",
        mission=True,
    ),
    Trigger(
        "mission.mediation",
        r"\b(?:mediat(?:e|ed|ing|ion)|facilitat(?:e|ed|ing)|negotiat(?:e|ed|ing|ions?)|liaison|"
        r"brokered|helped (?:to )?resolve|talks between|meeting between|trilateral meeting|"
        r"in contact with (?:both|the) (?:sides|parties)|talks with (?:both|the) (?:sides|"
        r"parties)|held (?:a )?meetings? with (?:representatives|both|the)|(?:held|holding|hold|"
        r"holds) talks with)",
        mission=True,
    ),
    Trigger(
        "mission.religious_cultural",
        r"\b(?:church(?:es)?|chapel|monaster(?:y|ies)|liturgy|divine service|priests?|chaplain|"
        r"concerts?|cultural|exhibition|festival|religious|easter|christmas|new year|"
        r"memorial service|wreaths?|museum|performance|victory day|holiday celebrations?|"
        r"consecrat\w+)",
        mission=True,
    ),
    Trigger(
        "mission.education",
        r"\b(?:schools?|schoolchildren|pupils|students|lessons?|classrooms?|kindergartens?|"
        r"school supplies|stationery|textbooks|school bags|educational|first-graders)",
        mission=True,
    ),
    Trigger(
        "mission.checkpoint",
        r"\b(?:checkpoints?\b|inspect(?:ed|ion|ing|s) (?:of )?(?:\d+ |the |all )?(?:vehicles|"
        r"cargo|trucks|cars)|check(?:ed|ing) (?:the )?(?:vehicles|cargo|documents))",
        mission=True,
    ),
    Trigger("mission.patrol", r"\b(?:patrol(?:s|led|ling|ed|ing)?)\b", mission=True),
    # humanitarian
    Trigger(
        "humanitarian.evacuation",
        r"\b(?:evacuat(?:e|ed|ing|ion)|medical transfer|transferr?(?:ed|ing) (?:\d+ |the |"
        r"a )?(?:patients|wounded|sick)|(?:patients|wounded) (?:were )?(?:transferred|"
        r"transported|taken)|airlift(?:ed)?|took (?:\w+ ){0,4}(?:residents|people|civilians|"
        r"families) out of|fled (?:to|from|across)|(?:population|residents|people|"
        r"inhabitants) (?:has |have |had )?(?:already )?left|exodus|(?:patients|"
        r"wounded) (?:have been |has been |had been )(?:transferred|transported|taken|evacuated)|"
        r"transfer of (?:\d+ |the )?(?:\w+ ){0,2}(?:patients|wounded|injured)|(?:transported|"
        r"evacuated|transferred|airlifted) (?:\w+ ){0,6}(?:injured|wounded|patients)|"
        r"patients\b[^.;]{0,40}\b(?:were|have been|had been) (?:transferred|transported))",
    ),
    Trigger(
        "humanitarian.return",
        r"\b(?:(?:returned|return|returning|came back|moved back|"
        r"resettled)\b[^.;]{0,30}?\b(?:home|homes|to their|villages?|houses)|(?:displaced|"
        r"refugees|former residents|families)\b[^.;]{0,40}?\b(?:returned|return|came back|"
        r"resettled|moved back)|great return|(?:residents|families|people|refugees|displaced|"
        r"students|villagers) (?:\w+ ){0,3}(?:returned|came back)|moved into (?:newly built |"
        r"new )?(?:houses|homes|apartments|flats)|safe return|return of (?:\d[\d,]* |"
        r"about \d[\d,]* )?(?:refugees|displaced|residents|people|families)|"
        r"returned to \w+ from \w+)",
    ),
    Trigger(
        "humanitarian.delivery",
        r"\b(?:humanitarian (?:aid|cargo|supplies|assistance|convoy|trucks?|goods|deliveries)|"
        r"aid (?:trucks|convoys?|shipments?|deliveries|parcels)|(?:delivered|distributed|"
        r"handed out|handed over|supplied|brought) (?:\d[\d,.]* (?:tonnes|tons) of |"
        r"about \d[\d,.]* (?:tonnes|tons) of |the |some )?(?:food|medicines?|medical supplies|"
        r"flour|fuel|aid|baby food|blankets|firewood|gas|supplies|bread|drinking water|"
        r"essentials|building materials|parcels)|(?:food|medicines?|flour|aid|supplies) (?:was |"
        r"were )?(?:delivered|distributed|handed out)|\d[\d,.]* (?:tonnes|tons) of (?:food|aid|"
        r"cargo|humanitarian|flour|medicine)|delivered (?:\d[\d,]* |about \d[\d,]* )?(?:trucks|"
        r"tonnes|tons|truckloads|lorries) of|supply (?:the )?(?:\w+ ){0,2}(?:residents|"
        r"population)|bringing in (?:\w+ ){0,3}(?:food|aid|supplies|fuel)|will deliver|"
        r"to deliver|(?:transported|sent|shipped|dispatched) (?:\w+ ){0,4}(?:food|medicines?|"
        r"flour|fuel|aid|supplies|humanitarian)|brought in (?:\w+ ){0,3}(?:food|aid|supplies|"
        r"fuel|medicines?|flour)|delivered (?:a |an )?(?:\w+ ){0,3}of (?:food|medicines?|aid|"
        r"flour|fuel|supplies)|handed over (?:\d[\d,.]* (?:tonnes|tons) of )?(?:food|medicines?|"
        r"flour|fuel|aid|construction materials|building materials|supplies|parcels)|"
        r"\d[\d,.]* (?:tonnes|tons) of (?:construction|building) materials)",
    ),
    # detention, exchange, territory, agreement
    Trigger(
        "exchange.remains",
        r"\b(?:(?:bodies|remains|body) (?:of )?(?:\d+ |two |three |several |the |"
        r"a )?(?:\w+ ){0,2}(?:were |was )?(?:handed over|transferred|returned|exchanged|"
        r"recovered|retrieved|repatriated|found|located|exhumed)|"
        r"search(?:es)? for (?:the )?(?:bodies|remains|missing)|(?:handed over|transferred|"
        r"returned|recovered|retrieved|exchanged|repatriated) (?:the )?(?:bodies|remains)|"
        r"mass grave|(?:handover|transfer|return|repatriation) of (?:the )?(?:bodies|remains)|"
        r"remains of (?:\d+|two|three|four|five|several|\w+) (?:servicemen|soldiers|people|"
        r"civilians)|hand(?:ing)? over (?:the )?(?:bodies|remains))",
    ),
    Trigger(
        "exchange.detainees",
        r"\b(?:(?:exchange|swap)(?:d|s)? (?:of )?(?:\d+ )?(?:prisoners|detainees|captives|pows)|"
        r"prisoner (?:exchange|swap)|(?:released|freed|handed over|repatriated|returned|"
        r"transferred) (?:\d+ |two |three |several |all |the )?(?:\w+ ){0,3}(?:prisoners|"
        r"detainees|captives|pows|servicemen|soldiers|conscripts)|(?:prisoners|detainees|"
        r"captives|servicemen|soldiers) (?:were |was )?(?:released|freed|handed over|repatriated|"
        r"returned home)|handed (?:\w+ ){0,3}(?:servicemen|soldiers|prisoners|detainees|captives|"
        r"civilians) back|exchange of (?:all )?(?:the )?(?:remaining )?(?:detainees|prisoners|"
        r"captives)|handed back|(?:another|next|new|further|second|"
        r"third) (?:prisoner )?(?:exchange|swap)\b)",
    ),
    Trigger(
        "detention.arrest",
        r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|s|ing)|detention|taken into custody|apprehended|"
        r"captured|taken prisoner|sentenced|held (?:an? |the |two |three |"
        r"\d+ )(?:\w+ ){0,3}(?:reporter|journalist|civilian|man|woman|resident|soldier|"
        r"serviceman|servicemen|residents)|detain\b)",
    ),
    Trigger(
        "territory.handover",
        r"\b(?:(?:handed over|hand over|handover of|return(?:ed)?|transfer(?:red)?|ceded|"
        r"surrender(?:ed)?) (?:the |of )?(?:control (?:of|over) )?(?:the )?(?:\w+ )?(?:district|"
        r"region|villages?|territor(?:y|ies)|settlements?|areas?)|(?:district|villages?|"
        r"territor(?:y|ies)) (?:was|were) (?:handed over|returned|transferred)|(?:entered|"
        r"took over|entry of [\w ]{1,30}? into) (?:the )?(?:\w+ )?(?:district|region)|"
        r"pass(?:ed)? (?:under|to) (?:\w+ )?control|(?:entered|took over|"
        r"took control of) (?:the )?(?:town|city|village|settlement) of|(?:taken|came|placed|"
        r"passed|returned) under (?:the )?(?:\w+ )?control|(?:is|are|be|"
        r"been) (?:\w+ )?(?:handed over|returned)|returned to (?:the )?control|"
        r"handover of (?:the )?(?:\w+ ){0,2}(?:district|region|town|city|villages?))",
    ),
    Trigger(
        "agreement.signed",
        r"\b(?:(?:signed|concluded|reached|agreed on|agreed to|struck) (?:an? |"
        r"the )?(?:new )?(?:\w+ )?(?:agreement|deal|accord|memorandum|truce|ceasefire|"
        r"arrangement|protocol|statement|understanding)|(?:agreement|deal|accord|memorandum|"
        r"truce|ceasefire|arrangement|protocol) (?:was |were |has been )?(?:signed|reached|"
        r"agreed|concluded|struck|established|declared|announced)|agreed to (?:a )?cease ?fire|"
        r"accepted (?:a |the )?(?:ceasefire|truce|deal|proposal)|(?:ceasefire|truce|"
        r"deal) (?:\w+ ){0,2}brokered|agreement to (?:set up|establish|create|open)|sign (?:a |"
        r"the )?(?:peace )?(?:treaty|agreement|deal)|(?:deal|agreement|treaty|"
        r"accord) (?:\w+ ){0,2}(?:be|been) signed)",
    ),
    # mines
    Trigger(
        "mine.explosion",
        r"\b(?:(?:mine|landmine|anti-(?:tank|personnel) mine|explosive device|ied|"
        r"unexploded (?:ordnance|shell)|uxo|cluster (?:munition|bomb)|"
        r"booby[- ]trap)s?\b[^.;]{0,60}?\b(?:explod|blew up|blast|detonat|went off|hit|struck)|"
        r"(?:blew up|stepped on|ran over|struck|hit|detonated) (?:on )?(?:a |"
        r"an )?(?:anti-\w+ )?(?:mine|landmine|explosive)|mine (?:explosion|blast|incident)|"
        r"explosion of (?:a |an )?(?:mine|landmine|explosive))",
    ),
    Trigger(
        "mine.found",
        r"\b(?:(?:mines|landmines|explosive (?:objects|devices)|unexploded ordnance|munitions|"
        r"uxo|anti-(?:tank|personnel) mines)\b[^.;]{0,40}?\b(?:found|discovered|detected|"
        r"uncovered|planted|laid)|(?:laid|laying|planted|"
        r"planting) (?:new )?(?:anti-\w+ )?(?:mines|landmines)|mine-?laying|(?:found|discovered|"
        r"detected|defused|neutrali[sz]ed|removed)(?: and \w+)? (?:\d[\d,]* |about \d[\d,]* |"
        r"\w+ )?(?:anti-\w+ (?:and anti-\w+ )?)?(?:mines|landmines|explosive (?:objects|devices)|"
        r"unexploded|items of unexploded|pieces of unexploded)|uncovered (?:\d[\d,]* |"
        r"about \d[\d,]* )?(?:anti-\w+ )?(?:mines|landmines|explosive|unexploded)|(?:found|"
        r"discovered|detected|defused|neutrali[sz]ed|removed|"
        r"uncovered)(?: and \w+)? (?:[\w,-]+ ){0,6}?(?:mines|landmines|explosive (?:objects|"
        r"devices)|unexploded|ordnance|submunitions|cluster munitions)\b|(?:cleared|demined|"
        r"clearing|demining) (?:\w+ ){0,3}(?:hectares|fields?|farmland|land|roads?|territory|"
        r"area)\b|demining (?:operations|work|teams)|mine clearance)",
    ),
    # other
    Trigger(
        "other.unclassified",
        r"\b(?:explosion (?:at|in|near|on) (?:a |an |the )|blast (?:at|in) (?:a |an |the )|"
        r"(?:pipeline|power line|bridge|substation|water supply)[^.;]{0,30}? (?:was|"
        r"were) (?:damaged|cut|blown)|loudspeakers|cut off (?:the )?(?:gas|electricity|power|"
        r"water)|(?:pipeline|power line|substation|water supply|gas supply)[^.;]{0,50}? (?:was|"
        r"were|has been) (?:damaged|cut|blown|hit))",
    ),
    Trigger(
        "other.change_to_group",
        r"\b(?:dissol(?:ved|ution)|disband(?:ed|ing|ment)?|(?:appointed|named) (?:a |"
        r"the )?(?:new )?commander|merged into|ceased to exist|dissolv(?:e|ed|es|ing)|"
        r"handed over (?:their |its )?(?:\w+ )?weapons|disarm(?:ed|ament|ing)|"
        r"handover of (?:the )?(?:\w+ ){0,3}weapons)",
    ),
)

# How firmly: words of the lowered sentence (these patterns are matched against it).
SPECULATIVE = re.compile(
    r"\b(?:will|would|could|might|plans? to|planning to|planned|intends? to|intention|"
    r"is expected to|are expected to|expected to|threaten(?:s|ed)? to|prepar(?:ing|es) to|is to|"
    r"are to|aims? to|scheduled|proposed|possible|possibly|if\b|unless|risk of|likely to|set to|"
    r"ready to|warn(?:s|ed)? (?:that|of))",
)
DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|not true|untrue|disinformation|misinformation|fake\b|"
    r"false\b|falsehood|fabricat(?:ed|ion)|refut(?:ed|es|e)|(?:reject|dismiss)(?:ed|es|"
    r"s)? (?:the |these |such |this |that |those )?(?:claims?|reports?|allegations?|accusations?|"
    r"account|version|charges?)|groundless|baseless|no truth|does not correspond|"
    r"do not correspond|did not (?:open fire|fire|violate|shell|happen|take place|occur)|"
    r"never (?:happened|took place|fired))",
)
ALLEGED = re.compile(
    r"\b(?:allegedly|alleg(?:e|es|ed|ation|ations)|reportedly|purportedly|supposedly|claim(?:s|"
    r"ed|ing)?\b|is said to|are said to|was said to|were said to|said to have|"
    r"sources (?:revealed|said|say|claim|told)|according to (?:unconfirmed|some|local|unnamed|"
    r"several)|unconfirmed|accus(?:e|es|ed|ing|ations?)|rumou?rs?|apparently|it is believed|"
    r"believed to|suspected|suggest(?:s|ed)? that|appear(?:s|ed)? to)\b",
)
ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|stated|states|reported|reports|announced|announces|told|according to|"
    r"informed|noted|added|confirmed|confirms|declared|wrote|writes|press service|in a statement|"
    r"statement (?:said|reads)|quoted|recorded by|documented|registered|insisted|stressed|"
    r"emphasi[sz]ed|pointed out|tweeted|posted|saying|adding|claiming|citing)\b",
)
NEGATION = re.compile(
    r"\b(?:no|not|never|none|nor|without|neither|n't|nobody|nothing|unable|cannot)\b|\bfree of\b",
)
# Sentences that speak of a time before the ceasefire or of the record in general.
HISTORY = re.compile(
    r"\b(?:during the (?:\d+-day |six-week |44-day )?war|in the (?:19)?90s|since 19\d\d|"
    r"first (?:karabakh|nagorno-karabakh) war|in 199\d|the 44-day|six-week war|before the war|"
    r"since the war|since the end of the war|after the war|forty-four days|44 days of|"
    r"last year's war|since the \d+ war|in the \d{4} war|(?:\d+|two|three|four|five|ten|twenty|"
    r"thirty) years ago)\b",
)

NO_CASUALTIES = re.compile(
    r"\b(?:no (?:one|casualties|injuries|losses|victims|deaths)|without (?:casualties|losses|"
    r"injuries|victims)|nobody was|no-one was|caused no (?:casualties|injuries))\b",
    re.IGNORECASE,
)

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "fifteen": 15,
    "twenty": 20,
    "several": None,
    "dozens of": None,
}
_N = (
    r"(?P<n{}>\d[\d,]*|a dozen|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty)"
)
_PERSON = (
    r"(?:(?:more |other |local |azerbaijani |armenian |russian |civilian |military |young |"
    r"elderly |ethnic armenian |\w+ )?(?:soldiers?|servicem[ae]n|conscripts?|civilians?|people|"
    r"persons?|residents?|farmers?|shepherds?|men|women|children|peacekeepers?|troops|"
    r"police(?:m[ae]n| officers?)?|officers?|border guards?|contract soldiers?|workers?|"
    r"villagers?|drivers?|deminers?|sappers?|fighters?|members?|individuals?|employees?))"
)
KILLED = re.compile(
    r"\b(?:"
    + _N.format(1)
    + r" "
    + _PERSON
    + r"(?: of [\w ]{1,30}?)? (?:were |was |have been |has been |"
    r"had been )?(?:killed|dead|died|shot dead|lost (?:their|his|her) li(?:v|f)es?|perished|"
    r"fatally)|(?:killing|killed|kills) "
    + _N.format(2)
    + r"\b|"
    + _N.format(3)
    + r" (?:dead|killed|fatalit)|"
    r"death toll (?:rose |rises )?(?:to |of |at )?" + _N.format(4) + r")",
    re.IGNORECASE,
)
WOUNDED = re.compile(
    r"\b(?:"
    + _N.format(5)
    + r" "
    + _PERSON
    + r"(?: of [\w ]{1,30}?)? (?:were |was |have been |has been |"
    r"had been )?(?:(?:seriously |slightly |lightly |severely )?(?:wounded|injured|hurt)|"
    r"sustained (?:\w+ )?(?:injuries|wounds)|received (?:\w+ )?(?:injuries|wounds))|(?:wounding|"
    r"injuring|wounded|injured) "
    + _N.format(6)
    + r"\b|"
    + _N.format(7)
    + r" (?:(?:others|more) )?(?:were )?(?:wounded|injured))",
    re.IGNORECASE,
)
QUANTITY = re.compile(
    r"\b(?P<value>\d[\d,]*(?:\.\d+)?)\s+(?P<unit>tonnes|tons|t\b|trucks|lorries|vehicles|cars|"
    r"buses|servicemen|personnel|peacekeepers|troops|violations|cases|shells|mines|rounds|"
    r"explosive objects|hectares|km|kilometres|people|families|patrols|observation posts|posts)",
    re.IGNORECASE,
)


def number(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# Every match of a trigger contains a word that begins with one of its anchors. The
# pipeline looks the words of a sentence up here and runs only the triggers they anchor,
# which is most of its speed; tests/extract/test_lexicon.py holds the anchors complete.
ANCHORS: dict[str, str] = {
    "cfv.shelling": (
        "mortar artiller shell howitzer rocket grad multiple heavy large calibre shrapnel"
    ),
    "cfv.drone": "drone uav unmanned quadcopter air airstrike loitering violat",
    "cfv.grenade": "grenade",
    "cfv.small_arms": (
        "open fired firing shot gunfire shooting came exchange sniper small machine automatic "
        "rifle burst shelled shelling fire gunshots shots"
    ),
    "cfv.undetermined": "violat ceasefire breach",
    "clash.chemical": "chemical phosphorus",
    "clash.government_regains": (
        "regain took taken liberated recaptured captured seized take taking"
    ),
    "clash.armed": (
        "clash fighting firefight skirmish battle hostilities offensive assault stormed "
        "anti-terror operation sabotage attack attempt neutrali destroyed armed combat "
        "counter incursion infiltrat launched large-scale ambush"
    ),
    "civilians.sexual_violence": "rape sexual",
    "civilians.abduction": (
        "abduct kidnap forcibly forced captive hostage went disappeared taken custody"
    ),
    "civilians.property_destruction": (
        "loot set burn torched vandali desecrat demolish bulldoz razed defaced destroy damag "
        "houses house homes home buildings building roofs roof windows window sustained "
        "dismantl"
    ),
    "civilians.attack": (
        "attack assault beat shot targeted fired wounded injured killed hit tortur ill-treat "
        "mistreat extrajudicial executed execution"
    ),
    "movement.withdrawal": "withdr pull left vacated moved withdraw leave leaving",
    "movement.base_established": (
        "set established setting establish opened installed erected built building "
        "constructed base outpost checkpoint"
    ),
    "movement.fortification": (
        "fortif trench dug digging engineering earthworks concrete firing strengthen"
    ),
    "movement.forces": (
        "mov deploy redeploy transfer brought concentrat build amass massing reinforce troop "
        "movement crossed advanced exercises drills took occupied tried attempted trying "
        "attempting"
    ),
    "corridor.bypass": (
        "bypass dirt unpaved gravel alternative mountain off outside circumvent forest side"
    ),
    "corridor.convoy": (
        "convoy column travelled traveled moved drove passed went vehicles trucks lorries "
        "cars buses"
    ),
    "corridor.crossing": "crossed passed went entered pass crossing used checkpoint",
    "transfer.weapons": (
        "smuggl weapons arms ammunition mines military servicemen troops explosives transport "
        "transfer delivery supply shipment rotation received supplied delivered brought "
        "supplies re-arming rearming carried"
    ),
    "transfer.resources": (
        "ore gold copper molybdenum mineral concentrate timber deposit mine sent export "
        "driven transport carried shipped taken removed smuggl loaded hauled truck lorries "
        "mining"
    ),
    "obstruction.journalists": (
        "journalist reporter camera film media correspondent blogger press television tv "
        "refus deny denied accredit filming reporting photographing"
    ),
    "obstruction.mission": (
        "blocked stopped obstructed hindered prevented denied refused restricted harass "
        "threatened turned allowed freedom"
    ),
    "obstruction.blockade": (
        "blockad block closed closing shut cut sit-in road halted suspended stopped traffic "
        "movement passage closure"
    ),
    "obstruction.movement": (
        "stopped turned prevented barred refused denied restrict blocked hindered freedom "
        "allowed sent"
    ),
    "protest.excessive_force": "tear rubber stun water beat violently",
    "protest.riot": "riot violent",
    "protest.intervention": "dispersed removed pushed cleared detained",
    "protest.peaceful": (
        "protest rall demonstrat picket march eco environmental gathered assembled staging "
        "staged stage sit-in hunger"
    ),
    "mission.strength_report": (
        "peacekeepers servicemen personnel troops strength equipment hardware consists "
        "comprises numbers fleet carriers armoured armored"
    ),
    "mission.observation_post": (
        "observation op post set deployed deploy man manned manning opened established "
        "operate maintain staffed"
    ),
    "mission.demining": (
        "demin mine cleared sapper explosive neutrali defused engineering disposal"
    ),
    "mission.escort": "escort accompan protection guard ensured",
    "mission.investigation": "investigat inquir look verif inspected examin",
    "mission.mediation": (
        "mediat facilitat negotiat liaison brokered helped talks meeting trilateral contact"
    ),
    "mission.religious_cultural": (
        "church chapel monaster liturgy divine priest chaplain concert cultural exhibition "
        "festival religious easter christmas new memorial wreath museum performance victory "
        "holiday consecrat"
    ),
    "mission.education": (
        "school pupil student lesson classroom kindergarten stationery textbook educational "
        "first-grader"
    ),
    "mission.checkpoint": "checkpoint inspect check",
    "mission.patrol": "patrol",
    "humanitarian.evacuation": (
        "evacuat medical transfer transport airlift took fled population inhabitants left "
        "exodus patients wounded transported evacuated transferred airlifted"
    ),
    "humanitarian.return": "return came moved resettle great safe returned",
    "humanitarian.delivery": (
        "humanitarian aid delivered distributed handed supplied brought tonnes tons supply "
        "bringing deliver transported sent shipped dispatched"
    ),
    "exchange.remains": (
        "bodies remains body search handed transferred returned recovered retrieved exchanged "
        "repatriated mass handover transfer return repatriation hand handing"
    ),
    "exchange.detainees": (
        "exchange swap prisoner released freed handed repatriated returned transferred"
    ),
    "detention.arrest": (
        "arrest detain detention custody apprehended captured prisoner sentenced held"
    ),
    "territory.handover": (
        "handed hand handover return transfer ceded surrender entered took entry pass passed "
        "control returned"
    ),
    "agreement.signed": (
        "signed concluded reached agreed struck agreement deal accord memorandum truce "
        "ceasefire arrangement protocol accepted brokered sign treaty"
    ),
    "mine.explosion": (
        "mine landmine anti-tank anti-personnel explosive ied unexploded uxo cluster booby "
        "explosion"
    ),
    "mine.found": (
        "mines landmines explosive unexploded munitions uxo anti-tank anti-personnel "
        "mine-laying minelaying laid laying planted planting uncovered found discovered "
        "detected defused neutrali removed cleared demined clearing demining mine"
    ),
    "other.unclassified": (
        "explosion blast pipeline power bridge substation water loudspeakers cut gas"
    ),
    "other.change_to_group": "dissol disband appointed named merged ceased handed disarm handover",
}
