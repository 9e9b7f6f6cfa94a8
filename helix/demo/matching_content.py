# ruff: noqa: E501 — prose data, wrapped where it reads best
"""Text material for the matching demo: how municipalities describe needs, how providers describe offers.

Challenges are written the way officers write them (informal, about what residents suffer, with
Chilean public-sector abbreviations); solutions name technologies, in Spanish or English.
Placeholders: {comuna}, {sector}, {n}.
"""

# topic code → [(title, description)]
CHALLENGES: dict[str, list[tuple[str, str]]] = {
    "water": [
        (
            "Camiones aljibe no dan abasto en sectores rurales",
            "En verano los APR de {sector} se quedan sin agua y tenemos que mandar camiones aljibe casi todos los días. "
            "Los vecinos reclaman porque el agua llega tarde y no sabemos cuánto consume cada familia.",
        ),
        (
            "Pérdidas de agua en la red del APR",
            "El comité de agua potable rural de {sector} pierde mucha agua por filtraciones y nadie sabe dónde están. "
            "Necesitamos detectar las fugas sin romper todo el camino.",
        ),
    ],
    "energy": [
        (
            "Cuentas de luz muy altas en edificios municipales",
            "La cuenta de electricidad del municipio sube cada año: el edificio consistorial, los CESFAM y los colegios "
            "gastan harto y no tenemos cómo medir en qué se va la plata.",
        ),
        (
            "Escuelas rurales sin energía estable",
            "Las escuelas de {sector} tienen cortes de luz seguidos y los equipos se echan a perder. Queremos algo "
            "limpio y que no dependa tanto de la red.",
        ),
    ],
    "waste": [
        (
            "Microbasurales en quebradas y sitios eriazos",
            "En {sector} aparecen microbasurales todas las semanas: la gente bota escombros, colchones y basura en las "
            "quebradas. Limpiamos y a los días está igual. Además hay riesgo de incendio.",
        ),
        (
            "Camiones recolectores pasan con contenedores vacíos",
            "Los camiones de la basura hacen siempre la misma ruta aunque haya contenedores casi vacíos y otros "
            "rebalsados en {sector}. Gastamos mucho en petróleo y los vecinos igual reclaman.",
        ),
    ],
    "circular-economy": [
        (
            "Residuos orgánicos de ferias libres",
            "Las ferias libres de {comuna} dejan toneladas de restos de verduras y fruta que terminan en el relleno. "
            "Queremos aprovecharlos y bajar lo que pagamos por disposición final.",
        ),
    ],
    "air-quality": [
        (
            "Humo de leña en invierno",
            "En invierno el aire en {comuna} es irrespirable por el humo de las estufas a leña; los CESFAM se llenan de "
            "niños con problemas respiratorios. No tenemos datos por barrio para focalizar el recambio de calefactores.",
        ),
    ],
    "climate": [
        (
            "Calles que se inundan con cada lluvia",
            "Cada vez que llueve fuerte se inundan las calles de {sector} y se tapan los sumideros. Queremos saber "
            "antes dónde se va a inundar para mandar cuadrillas.",
        ),
        (
            "Riesgo de incendios forestales en la interfaz urbana",
            "Los cerros de {sector} están rodeados de pastizales y plantaciones; cada verano tenemos amagos de incendio "
            "cerca de las casas y nos enteramos tarde.",
        ),
    ],
    "green-areas": [
        (
            "Plazas secas y riego con agua potable",
            "Regamos las plazas y bandejones de {comuna} con agua potable y a mano; en verano se secan igual y la "
            "cuenta de agua es enorme.",
        ),
    ],
    "lighting": [
        (
            "Luminarias apagadas y reclamos de vecinos",
            "En {sector} hay muchas luminarias apagadas y nos enteramos por los reclamos en la OIRS, semanas después. "
            "La gente dice que se siente insegura caminando de noche.",
        ),
    ],
    "safety": [
        (
            "Sensación de inseguridad en paraderos",
            "Los vecinos de {sector} dicen que no se atreven a esperar la micro de noche; hay poca luz y nadie vigila. "
            "Seguridad ciudadana no tiene cómo cubrir todo.",
        ),
        (
            "Coordinación de emergencias lenta",
            "Cuando hay una emergencia en {comuna} la información llega por WhatsApp, radio y teléfono y se pierde. "
            "Necesitamos que la central y los inspectores vean lo mismo.",
        ),
    ],
    "traffic": [
        (
            "Tacos en la entrada de colegios",
            "A la hora de entrada a clases se forma un taco enorme frente a los colegios de {sector} y los "
            "apoderados se estacionan en doble fila. La DOM no tiene datos de flujo.",
        ),
        (
            "Estacionamientos del centro siempre llenos",
            "En el centro de {comuna} la gente da vueltas y vueltas buscando estacionamiento; el comercio reclama y "
            "los parquímetros son de papel.",
        ),
    ],
    "transport": [
        (
            "Vecinos rurales sin locomoción",
            "Los adultos mayores de {sector} tienen que caminar kilómetros para tomar la micro; pasan pocas y no se sabe "
            "a qué hora. Para ir al CESFAM pierden el día.",
        ),
    ],
    "active-mobility": [
        (
            "Ciclovías que nadie usa",
            "Hicimos ciclovías en {comuna} pero no sabemos cuánta gente las usa ni por dónde prefieren andar en bici. "
            "El concejo pregunta si vale la pena seguir.",
        ),
    ],
    "electromobility": [
        (
            "Flota municipal vieja y cara",
            "La flota de camionetas y vehículos municipales de {comuna} es antigua, gasta mucho combustible y pasa en "
            "el taller. Queremos pasarnos a eléctricos pero no sabemos por dónde empezar con los cargadores.",
        ),
    ],
    "health": [
        (
            "Listas de espera y horas perdidas en el CESFAM",
            "En el CESFAM de {sector} muchos pacientes no llegan a sus horas y otros esperan meses. Los teléfonos "
            "colapsan a las 8 de la mañana para pedir hora.",
        ),
        (
            "Adultos mayores solos en sus casas",
            "Tenemos adultos mayores que viven solos en {sector}; nos enteramos de caídas o descompensaciones "
            "cuando ya es tarde. El equipo de DIDECO no da abasto con las visitas.",
        ),
    ],
    "social-services": [
        (
            "Entrega de ayudas sociales en papel",
            "Las postulaciones a ayudas sociales en {comuna} se hacen en papel y la gente hace filas larguísimas. "
            "Se pierden documentos y no sabemos quién recibió qué.",
        ),
    ],
    "housing": [
        (
            "Campamentos sin catastro actualizado",
            "No tenemos un catastro al día de los campamentos y tomas en {sector}; SECPLA necesita saber cuántas "
            "familias hay y qué servicios les faltan.",
        ),
    ],
    "culture": [
        (
            "Patrimonio que se deteriora",
            "Las casonas patrimoniales de {sector} se están cayendo y no tenemos registro de su estado. Los turistas "
            "preguntan y no hay información.",
        ),
    ],
    "tourism": [
        (
            "Turistas que no se quedan en la comuna",
            "Los turistas pasan por {comuna} de ida a otro lado y no se quedan. No sabemos cuántos vienen ni qué "
            "buscan; el comercio local quiere atraerlos.",
        ),
    ],
    "education": [
        (
            "Deserción escolar en liceos municipales",
            "En los liceos del DAEM de {comuna} muchos jóvenes dejan de ir a clases y nos damos cuenta a fin de año. "
            "Queremos alertas tempranas.",
        ),
    ],
    "digital-skills": [
        (
            "Vecinos que no saben hacer trámites en línea",
            "Muchos vecinos de {sector}, sobre todo personas mayores, no saben usar la Clave Única ni hacer trámites "
            "por internet y vienen igual al municipio a que les ayuden.",
        ),
    ],
    "inclusion": [
        (
            "Accesibilidad para personas con discapacidad",
            "Las veredas y edificios públicos de {comuna} no son accesibles; las personas en silla de ruedas no "
            "pueden llegar a la municipalidad. No tenemos un diagnóstico.",
        ),
    ],
    "participation": [
        (
            "Poca participación en consultas ciudadanas",
            "Hacemos cabildos y consultas en {comuna} y van siempre los mismos veinte vecinos. Queremos que "
            "participen jóvenes y gente que trabaja.",
        ),
    ],
    "data": [
        (
            "Datos municipales repartidos en planillas",
            "Cada departamento de {comuna} tiene sus planillas Excel y nadie cruza la información; el alcalde pide "
            "indicadores y demoramos semanas en armarlos.",
        ),
    ],
    "digital-government": [
        (
            "Trámites de patentes y permisos muy lentos",
            "Los permisos de edificación de la DOM y las patentes comerciales de {comuna} demoran meses; todo es en "
            "papel y los contribuyentes tienen que venir varias veces.",
        ),
    ],
    "transparency": [
        (
            "Solicitudes de transparencia atrasadas",
            "Nos llegan muchas solicitudes por Ley de Transparencia y respondemos fuera de plazo porque buscar la "
            "información en {comuna} es un lío.",
        ),
    ],
    "cybersecurity": [
        (
            "Ataque informático al municipio",
            "El año pasado un ransomware dejó a la municipalidad de {comuna} sin sistemas por una semana. No tenemos "
            "encargado de ciberseguridad ni respaldos confiables.",
        ),
    ],
    "connectivity": [
        (
            "Sectores sin señal ni internet",
            "En {sector} no hay señal de celular ni internet; los niños no pueden hacer tareas y las postas no "
            "pueden usar la ficha electrónica.",
        ),
    ],
    "innovation": [
        (
            "Emprendedores locales sin apoyo tecnológico",
            "Los emprendedores de {comuna} venden solo en la feria y no saben cómo digitalizarse; el área de fomento "
            "productivo no tiene herramientas.",
        ),
    ],
    "employment": [
        (
            "Oficina de empleo sin vacantes para jóvenes",
            "La OMIL de {comuna} no logra colocar a los jóvenes; las empresas dicen que no encuentran gente con las "
            "competencias que necesitan.",
        ),
    ],
}

SECTORS = [
    "la población Los Aromos",
    "Villa El Esfuerzo",
    "el sector alto",
    "Cerro Las Cañas",
    "el sector La Greda",
    "la costanera",
    "Villa Los Héroes",
    "el sector rural",
    "las tomas del cerro",
    "el casco histórico",
    "Población Santa Julia",
    "el sector poniente",
    "Villa Las Araucarias",
    "el valle",
    "la caleta",
]

OPENERS = [
    "",
    "Hola, les escribimos desde la DIDECO. ",
    "Desde SECPLA planteamos lo siguiente: ",
    "Buenas tardes, somos del departamento de medio ambiente. ",
    "Les cuento el problema que tenemos: ",
    "A petición del concejo municipal: ",
    "",
]

CLOSERS = [
    "",
    " Tenemos algo de presupuesto pero no mucho.",
    " Buscamos algo que se pueda probar en un piloto chico.",
    " Ojalá algo que funcione con el personal que ya tenemos.",
    " Hemos postulado a fondos del GORE para esto.",
    " Cualquier idea sirve.",
    "",
]

# topic code → Spanish offers [(title, description)]
SOLUTIONS_ES: dict[str, list[tuple[str, str]]] = {
    "water": [
        (
            "Telemetría para sistemas de agua potable rural",
            "Sensores de caudal, presión y nivel de estanques con transmisión LoRaWAN para comités APR. "
            "Panel web con alertas de consumo anómalo y detección de fugas.",
        ),
        (
            "Plataforma de gestión de camiones aljibe",
            "Software de rutas y trazabilidad para la entrega de agua en camiones aljibe, con registro por familia "
            "beneficiaria y reportes para la ONEMI.",
        ),
    ],
    "energy": [
        (
            "Gestión energética de edificios públicos",
            "Medidores inteligentes y plataforma de eficiencia energética que identifica consumos fuera de horario en "
            "edificios municipales, escuelas y centros de salud.",
        ),
        (
            "Sistemas fotovoltaicos con baterías para escuelas",
            "Diseño e instalación de paneles solares con almacenamiento para establecimientos rurales, con monitoreo "
            "remoto de generación.",
        ),
    ],
    "waste": [
        (
            "Sensores de llenado para contenedores",
            "Sensores ultrasónicos en contenedores y optimización de rutas de recolección de residuos domiciliarios; "
            "reduce kilómetros recorridos y combustible.",
        ),
        (
            "Detección de microbasurales con imágenes satelitales y drones",
            "Modelos de visión computacional que detectan vertederos ilegales y acumulación de escombros a partir de "
            "imágenes de drones y satélites, con reportes georreferenciados.",
        ),
    ],
    "circular-economy": [
        (
            "Compostaje a escala municipal",
            "Plantas modulares de compostaje para residuos orgánicos de ferias y mercados, con capacitación a "
            "operarios y trazabilidad del compost producido.",
        ),
    ],
    "air-quality": [
        (
            "Red de sensores de calidad del aire de bajo costo",
            "Estaciones que miden material particulado MP2,5 y MP10 por barrio, con mapa en tiempo real y alertas "
            "para episodios críticos.",
        ),
    ],
    "climate": [
        (
            "Alerta temprana de inundaciones urbanas",
            "Sensores de nivel en canales y sumideros con modelos de pronóstico de lluvias para anticipar anegamientos "
            "y despachar cuadrillas.",
        ),
        (
            "Detección temprana de incendios forestales",
            "Cámaras con inteligencia artificial que detectan columnas de humo en la interfaz urbano-forestal y "
            "notifican a la central municipal y a Bomberos.",
        ),
    ],
    "green-areas": [
        (
            "Riego inteligente para áreas verdes",
            "Controladores de riego con sensores de humedad de suelo y datos meteorológicos; reduce el consumo de agua "
            "en plazas y parques hasta en 40%.",
        ),
    ],
    "lighting": [
        (
            "Telegestión de alumbrado público LED",
            "Nodos de telegestión para luminarias LED que reportan fallas automáticamente y permiten regular la "
            "intensidad por horario.",
        ),
    ],
    "safety": [
        (
            "Central integrada de seguridad municipal",
            "Plataforma que integra cámaras, botones de pánico, reportes de inspectores y llamadas en un solo mapa "
            "operativo para la central de seguridad ciudadana.",
        ),
    ],
    "traffic": [
        (
            "Conteo de flujos vehiculares con visión computacional",
            "Análisis de video para contar vehículos, peatones y ciclistas y medir congestión en intersecciones, sin "
            "instalar sensores en la calzada.",
        ),
        (
            "Estacionamiento inteligente",
            "Sensores de ocupación y aplicación móvil de pago de estacionamientos en la vía pública, con fiscalización "
            "digital.",
        ),
    ],
    "transport": [
        (
            "Transporte a demanda para zonas rurales",
            "Servicio de transporte flexible que se reserva por teléfono o app, con rutas optimizadas para conectar "
            "sectores rurales con centros de salud y servicios.",
        ),
    ],
    "active-mobility": [
        (
            "Contadores de ciclistas y análisis de movilidad activa",
            "Contadores automáticos en ciclovías y análisis de datos de viajes en bicicleta para planificar la red.",
        ),
    ],
    "electromobility": [
        (
            "Electromovilidad para flotas municipales",
            "Estudio de recambio, arriendo de vehículos eléctricos e instalación de electrolineras para flotas "
            "municipales.",
        ),
    ],
    "health": [
        (
            "Agendamiento y recordatorios para atención primaria",
            "Sistema de agenda en línea y recordatorios por WhatsApp y SMS que reduce la inasistencia a citas en "
            "atención primaria de salud.",
        ),
        (
            "Teleasistencia para personas mayores",
            "Dispositivos de teleasistencia con detección de caídas y central de monitoreo 24/7 para personas mayores "
            "que viven solas.",
        ),
    ],
    "social-services": [
        (
            "Ventanilla digital de beneficios sociales",
            "Plataforma de postulación y seguimiento de beneficios sociales con validación de Registro Social de "
            "Hogares y atención asistida.",
        ),
    ],
    "housing": [
        (
            "Catastro territorial con drones",
            "Levantamiento con drones y fotogrametría para catastros de asentamientos y planificación urbana.",
        ),
    ],
    "culture": [
        (
            "Digitalización 3D del patrimonio",
            "Escaneo 3D y fichas digitales de inmuebles patrimoniales con recorridos virtuales para turismo.",
        ),
    ],
    "tourism": [
        (
            "Analítica de visitantes para destinos turísticos",
            "Medición de flujos turísticos con datos de telefonía y wifi público, y guía digital de comercio local.",
        ),
    ],
    "education": [
        (
            "Sistema de alerta temprana de deserción escolar",
            "Analítica de asistencia y notas para identificar estudiantes en riesgo de abandono escolar y coordinar "
            "apoyos psicosociales.",
        ),
    ],
    "digital-skills": [
        (
            "Alfabetización digital para personas mayores",
            "Talleres presenciales y tutores comunitarios para enseñar trámites en línea, Clave Única y uso seguro de "
            "internet.",
        ),
    ],
    "inclusion": [
        (
            "Diagnóstico de accesibilidad universal",
            "Auditoría de accesibilidad de veredas y edificios públicos con aplicación de levantamiento en terreno y "
            "plan de mejoras priorizado.",
        ),
    ],
    "participation": [
        (
            "Plataforma de participación ciudadana digital",
            "Consultas, presupuestos participativos y votaciones en línea con validación de identidad y mesas "
            "presenciales asistidas.",
        ),
    ],
    "data": [
        (
            "Tablero de indicadores municipales",
            "Integración de datos de los departamentos municipales en un data warehouse con tableros de gestión "
            "para la alcaldía.",
        ),
    ],
    "digital-government": [
        (
            "Tramitación digital de permisos de obras",
            "Expediente electrónico para permisos de edificación y patentes comerciales con firma electrónica "
            "avanzada y seguimiento en línea.",
        ),
    ],
    "transparency": [
        (
            "Gestión de solicitudes de acceso a la información",
            "Software para registrar, asignar y responder solicitudes de transparencia pasiva dentro de plazo.",
        ),
    ],
    "cybersecurity": [
        (
            "Ciberseguridad gestionada para municipios",
            "Centro de operaciones de seguridad (SOC), respaldos inmutables y capacitación de funcionarios contra "
            "phishing y ransomware.",
        ),
    ],
    "connectivity": [
        (
            "Conectividad rural con redes comunitarias",
            "Despliegue de enlaces inalámbricos y puntos de wifi comunitario para sectores rurales aislados.",
        ),
    ],
    "innovation": [
        (
            "Programa de digitalización de emprendedores",
            "Mentorías, tienda en línea y medios de pago digitales para pymes y emprendedores locales.",
        ),
    ],
    "employment": [
        (
            "Plataforma de intermediación laboral con formación",
            "Vinculación de buscadores de empleo con empresas locales y cursos cortos según las competencias "
            "demandadas.",
        ),
    ],
}

# Offers of international providers (and some Chilean tech firms), written in Spanish for Chilean buyers.
SOLUTIONS_INTERNATIONAL: dict[str, list[tuple[str, str]]] = {
    "water": [
        (
            "Detección inteligente de fugas de agua",
            "Sensores acústicos y análisis de presión que ubican fugas en redes de agua potable rural sin excavar.",
        )
    ],
    "waste": [
        (
            "Contenedores con sensores y rutas optimizadas",
            "Sensores de llenado en los contenedores y rutas de recolección dinámicas que bajan el gasto en "
            "combustible.",
        )
    ],
    "energy": [
        (
            "Gestión de energía en edificios públicos",
            "Medidores inteligentes y análisis que detectan el consumo eléctrico perdido en edificios "
            "municipales y escuelas.",
        )
    ],
    "air-quality": [
        (
            "Red de monitoreo de calidad del aire de bajo costo",
            "Sensores de MP2,5 en los barrios, con mapas en tiempo real y alertas en episodios de humo de leña.",
        )
    ],
    "climate": [
        (
            "Cámaras con inteligencia artificial para detectar incendios forestales",
            "Red de cámaras con visión computacional que detecta columnas de humo a tiempo en la interfaz "
            "urbano-forestal.",
        ),
        (
            "Alerta temprana de anegamientos urbanos",
            "Sensores de nivel en sumideros y canales, junto con el pronóstico de lluvia, para anticipar "
            "calles anegadas.",
        ),
    ],
    "lighting": [
        (
            "Telegestión del alumbrado público LED",
            "Nodos en las luminarias LED que avisan las fallas solos y regulan la intensidad según horario.",
        )
    ],
    "traffic": [
        (
            "Conteo de tránsito con visión computacional",
            "Análisis de video que cuenta vehículos, peatones y ciclistas en los cruces.",
        )
    ],
    "health": [
        (
            "Teleasistencia para personas mayores que viven solas",
            "Dispositivos que detectan caídas y una central de monitoreo 24/7 para personas mayores que viven solas.",
        )
    ],
    "data": [
        (
            "Plataforma de datos abiertos y tablero comunal",
            "Plataforma que integra los datos municipales y publica tableros y datos abiertos.",
        )
    ],
    "participation": [
        (
            "Presupuestos participativos digitales",
            "Consultas ciudadanas y presupuestos participativos en línea, con verificación de identidad.",
        )
    ],
    "electromobility": [
        (
            "Carga de vehículos eléctricos para flotas municipales",
            "Infraestructura de carga y planificación de la electrificación de flotas para municipios.",
        )
    ],
    "green-areas": [
        (
            "Riego inteligente de parques",
            "Sensores de humedad de suelo y controladores de riego según el clima, que ahorran agua en parques.",
        )
    ],
    "cybersecurity": [
        (
            "Centro de operaciones de ciberseguridad para municipios",
            "Monitoreo 24/7, respaldos inmutables y capacitación contra el phishing para funcionarios municipales.",
        )
    ],
    "transport": [
        (
            "Transporte rural a pedido",
            "Servicio de buses de acercamiento reservados por teléfono o aplicación, con rutas optimizadas "
            "para sectores rurales.",
        )
    ],
}

REFERENCE_PLACES = [
    "Municipalidad de Peñalolén",
    "Municipalidad de Temuco",
    "Municipalidad de Antofagasta",
    "Municipalidad de Lo Barnechea",
    "Municipalidad de Puerto Montt",
    "Municipalidad de La Serena",
    "Municipalidad de Renca",
    "Municipalidad de Coquimbo",
    "Barcelona",
    "Medellín",
    "Lisboa",
    "Montevideo",
]

# Product names providers put in front of their offers.
BRANDS = [
    "Aquanta",
    "Urbix",
    "CivicLab",
    "Kelluwen",
    "Nodo Sur",
    "Trawün",
    "Andes IoT",
    "SmartMuni",
    "Pewma",
    "Rayen Tech",
    "Cordillera Data",
    "Lumen",
    "Brisa",
    "Quillay",
    "EcoRuta",
    "Tectum",
    "Mapuzungun Labs",
    "Vertiente",
    "Copihue Digital",
    "Altiplano Analytics",
    "Austral Sensing",
    "Pacífico Solar",
    "Huemul",
]

# Topic → the Sustainable Development Goal it is usually reported under.
SDG = {
    "water": "sdg-6",
    "energy": "sdg-7",
    "waste": "sdg-12",
    "circular-economy": "sdg-12",
    "air-quality": "sdg-3",
    "climate": "sdg-13",
    "green-areas": "sdg-11",
    "health": "sdg-3",
    "education": "sdg-4",
    "employment": "sdg-8",
    "inclusion": "sdg-10",
    "housing": "sdg-11",
    "transport": "sdg-11",
    "safety": "sdg-16",
    "transparency": "sdg-16",
}
