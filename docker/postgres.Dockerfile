# PostgreSQL 15 with the rum extension, which the incident search's dated word index needs
# (optional: without it searches walk by date; README.md, "Running beyond one machine"). The official image
# carries the PGDG apt repository, which has the package.
FROM postgres:15
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15-rum \
 && rm -rf /var/lib/apt/lists/*
